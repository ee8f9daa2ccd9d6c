import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * The operations console lists a service's sagas most recently updated first, every second while
 * it is open, in all states (issue 17): without an index on updated_at each page would read and
 * sort every saga kept. `id` breaks ties, as the page's cursor does. A list filtered by state
 * uses the retention index (status, updated_at) instead.
 */
export class SagaUpdatedIndex1765000000200 implements MigrationInterface {
  name = 'SagaUpdatedIndex1765000000200';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createIndex(
      'saga_instance',
      new TableIndex({ name: 'saga_instance_updated', columnNames: ['updated_at', 'id'] }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('saga_instance', 'saga_instance_updated');
  }
}
