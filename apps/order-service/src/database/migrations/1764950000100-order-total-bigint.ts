import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * customer_order.total was INTEGER: on PostgreSQL that is 32 bits, and an order of 1,000 units at
 * 30,000.00 (3,000,000,000 cents) failed with 22003. BIGINT holds every total the caps allow
 * (MONEY_LIMITS.maxOrderTotal). SQLite already stored 64-bit integers; its column is redeclared so
 * the schema matches the entity on both databases. Widening keeps every existing value.
 */
export class OrderTotalBigint1764950000100 implements MigrationInterface {
  name = 'OrderTotalBigint1764950000100';

  async up(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type === 'postgres') {
      // In place: changeColumn would drop and re-add the column on a type change, losing totals.
      await runner.query('ALTER TABLE "customer_order" ALTER COLUMN "total" TYPE bigint');
      return;
    }
    await runner.changeColumn(
      'customer_order',
      'total',
      new TableColumn({ name: 'total', type: 'bigint' }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type === 'postgres') {
      await runner.query('ALTER TABLE "customer_order" ALTER COLUMN "total" TYPE integer');
      return;
    }
    await runner.changeColumn(
      'customer_order',
      'total',
      new TableColumn({ name: 'total', type: 'integer' }),
    );
  }
}
