import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * payment-service's tables. The money rules the code enforces are also constraints here (balance
 * and amounts never negative, one charge and one refund per order, one decision per order), so a
 * bug or a race ends in a failed transaction, not in wrong money. The CHECK expressions are plain
 * SQL that SQLite and PostgreSQL read alike.
 */
export class PaymentSchema1764400000000 implements MigrationInterface {
  name = 'PaymentSchema1764400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'account',
        columns: [
          {
            name: 'customer_id',
            type: 'varchar',
            length: '64',
            isPrimary: true,
            primaryKeyConstraintName: 'account_pkey',
          },
          { name: 'balance', type: 'bigint' },
          { name: 'updated_at', type: 'varchar', length: '32' },
        ],
        checks: [{ name: 'account_balance_not_negative', expression: 'balance >= 0' }],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'payment',
        columns: [
          {
            name: 'transaction_id',
            type: 'varchar',
            length: '36',
            isPrimary: true,
            primaryKeyConstraintName: 'payment_pkey',
          },
          { name: 'order_id', type: 'varchar', length: '64' },
          { name: 'customer_id', type: 'varchar', length: '64' },
          { name: 'type', type: 'varchar', length: '16' },
          { name: 'amount', type: 'bigint' },
          { name: 'created_at', type: 'varchar', length: '32' },
        ],
        uniques: [{ name: 'payment_order_type_unique', columnNames: ['order_id', 'type'] }],
        checks: [
          { name: 'payment_type_known', expression: "type IN ('CHARGE', 'REFUND')" },
          { name: 'payment_amount_not_negative', expression: 'amount >= 0' },
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'payment_decision',
        columns: [
          {
            name: 'order_id',
            type: 'varchar',
            length: '64',
            isPrimary: true,
            primaryKeyConstraintName: 'payment_decision_pkey',
          },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'reason', type: 'varchar', length: '64', isNullable: true },
          { name: 'transaction_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'decided_at', type: 'varchar', length: '32' },
        ],
        checks: [
          {
            name: 'payment_decision_status_known',
            expression: "status IN ('COMPLETED', 'FAILED', 'VOIDED')",
          },
          {
            // COMPLETED names its charge and nothing else does.
            name: 'payment_decision_completed_has_charge',
            expression:
              "(status = 'COMPLETED' AND transaction_id IS NOT NULL) OR (status <> 'COMPLETED' AND transaction_id IS NULL)",
          },
        ],
        foreignKeys: [
          {
            name: 'payment_decision_charge',
            columnNames: ['transaction_id'],
            referencedTableName: 'payment',
            referencedColumnNames: ['transaction_id'],
          },
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('payment_decision');
    await runner.dropTable('payment');
    await runner.dropTable('account');
  }
}
