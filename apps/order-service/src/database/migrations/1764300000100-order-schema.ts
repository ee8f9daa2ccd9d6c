import { MigrationInterface, QueryRunner, Table } from 'typeorm';

export class OrderSchema1764300000100 implements MigrationInterface {
  name = 'OrderSchema1764300000100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'customer_order',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'customer_id', type: 'varchar', length: '128' },
          { name: 'items', type: 'text' },
          { name: 'total', type: 'integer' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'reason', type: 'varchar', length: '256', isNullable: true },
          {
            name: 'idempotency_key',
            type: 'varchar',
            length: '128',
            isNullable: true,
            isUnique: true,
          },
          { name: 'request_hash', type: 'varchar', length: '64', isNullable: true },
          { name: 'created_at', type: 'varchar', length: '32' },
          { name: 'updated_at', type: 'varchar', length: '32' },
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('customer_order');
  }
}
