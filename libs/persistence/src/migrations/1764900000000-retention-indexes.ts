import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * The retention sweep deletes processed inbox rows oldest first (`processed_at < $1 ORDER BY
 * processed_at LIMIT $2`). Without an index on processed_at every batch read the whole inbox and
 * sorted it (SQLite: SCAN + TEMP B-TREE, 46 ms a batch at 300k rows, on the event loop), a cost
 * that grows with the table the sweep exists to bound.
 */
export class RetentionIndexes1764900000000 implements MigrationInterface {
  name = 'RetentionIndexes1764900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createIndex(
      'inbox_message',
      new TableIndex({ name: 'inbox_message_processed_at', columnNames: ['processed_at'] }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('inbox_message', 'inbox_message_processed_at');
  }
}
