import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

const NEW_COLUMNS = [
  new TableColumn({ name: 'aggregate_id', type: 'varchar', length: '256', isNullable: true }),
  new TableColumn({ name: 'retry_after', type: 'varchar', length: '32', isNullable: true }),
  new TableColumn({ name: 'parked_at', type: 'varchar', length: '32', isNullable: true }),
  new TableColumn({ name: 'parked_reason', type: 'text', isNullable: true }),
];

/**
 * Outbox parking and per-aggregate backoff (issue 14 point 2); retention sweeps sent rows through
 * the existing (sent_at, sequence) index. Existing rows get their aggregate id from their stored
 * envelope. The inbox table is left to the inbox's own migrations.
 */
export class OutboxParkingRetention1764500000000 implements MigrationInterface {
  name = 'OutboxParkingRetention1764500000000';

  async up(runner: QueryRunner): Promise<void> {
    const table = await runner.getTable('outbox_message');
    const missing = NEW_COLUMNS.filter((column) => !table?.findColumnByName(column.name));
    if (missing.length > 0) await runner.addColumns('outbox_message', missing);
    const aggregateOf =
      runner.connection.options.type === 'postgres'
        ? "(envelope::json ->> 'aggregateId')"
        : "json_extract(envelope, '$.aggregateId')";
    await runner.query(
      `UPDATE outbox_message SET aggregate_id = ${aggregateOf} WHERE aggregate_id IS NULL`,
    );
    await runner.createIndex(
      'outbox_message',
      new TableIndex({
        name: 'outbox_message_aggregate',
        columnNames: ['aggregate_id', 'sequence'],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('outbox_message', 'outbox_message_aggregate');
    await runner.dropColumns('outbox_message', NEW_COLUMNS);
  }
}
