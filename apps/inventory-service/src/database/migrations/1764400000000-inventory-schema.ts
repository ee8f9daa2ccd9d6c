import { MigrationInterface, QueryRunner, Table, TableForeignKey } from 'typeorm';

/** product, reservation and reservation_line; runs after the outbox/inbox migration. */
export class InventorySchema1764400000000 implements MigrationInterface {
  name = 'InventorySchema1764400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'product',
        columns: [
          { name: 'sku', type: 'varchar', length: '64', isPrimary: true },
          { name: 'available', type: 'integer' },
          { name: 'reserved', type: 'integer', default: 0 },
          { name: 'committed', type: 'integer', default: 0 },
          { name: 'updated_at', type: 'varchar', length: '32' },
        ],
        checks: [
          { name: 'product_available_non_negative', expression: '"available" >= 0' },
          { name: 'product_reserved_non_negative', expression: '"reserved" >= 0' },
          { name: 'product_committed_non_negative', expression: '"committed" >= 0' },
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'reservation',
        columns: [
          { name: 'order_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'reason', type: 'varchar', length: '64', isNullable: true },
          { name: 'failed_skus', type: 'text', isNullable: true },
          { name: 'created_at', type: 'varchar', length: '32' },
          { name: 'updated_at', type: 'varchar', length: '32' },
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'reservation_line',
        columns: [
          { name: 'order_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'sku', type: 'varchar', length: '64', isPrimary: true },
          { name: 'quantity', type: 'integer' },
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'reservation_line_reservation',
            columnNames: ['order_id'],
            referencedTableName: 'reservation',
            referencedColumnNames: ['order_id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('reservation_line');
    await runner.dropTable('reservation');
    await runner.dropTable('product');
  }
}
