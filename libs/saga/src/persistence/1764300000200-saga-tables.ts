import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** Saga instances and their step log; a service that owns sagas adds this to its migrations. */
export class SagaTables1764300000200 implements MigrationInterface {
  name = 'SagaTables1764300000200';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'saga_instance',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'type', type: 'varchar', length: '128' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'step', type: 'integer' },
          { name: 'attempt', type: 'integer' },
          { name: 'context', type: 'text' },
          { name: 'deadline', type: 'varchar', length: '32', isNullable: true },
          { name: 'reason', type: 'varchar', length: '256', isNullable: true },
          { name: 'version', type: 'integer' },
          { name: 'created_at', type: 'varchar', length: '32' },
          { name: 'updated_at', type: 'varchar', length: '32' },
        ],
      }),
    );
    await runner.createIndex(
      'saga_instance',
      new TableIndex({ name: 'saga_instance_due', columnNames: ['status', 'deadline'] }),
    );
    await runner.createTable(
      new Table({
        name: 'saga_step_log',
        columns: [
          {
            name: 'sequence',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'saga_id', type: 'varchar', length: '64' },
          { name: 'step', type: 'integer' },
          { name: 'event', type: 'varchar', length: '32' },
          { name: 'detail', type: 'varchar', length: '512', isNullable: true },
          { name: 'at', type: 'varchar', length: '32' },
        ],
      }),
    );
    await runner.createIndex(
      'saga_step_log',
      new TableIndex({ name: 'saga_step_log_saga', columnNames: ['saga_id', 'sequence'] }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('saga_step_log');
    await runner.dropTable('saga_instance');
  }
}
