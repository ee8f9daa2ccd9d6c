import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/** Lets the retention sweeper find terminal sagas by age without reading the whole table. */
export class SagaRetentionIndex1764500000200 implements MigrationInterface {
  name = 'SagaRetentionIndex1764500000200';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createIndex(
      'saga_instance',
      new TableIndex({ name: 'saga_instance_retention', columnNames: ['status', 'updated_at'] }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('saga_instance', 'saga_instance_retention');
  }
}
