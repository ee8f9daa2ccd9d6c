import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** Outbox and inbox tables; every service includes this migration in its list. */
export class OutboxInbox1764300000000 implements MigrationInterface {
  name = 'OutboxInbox1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'outbox_message',
        columns: [
          {
            name: 'sequence',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'message_id', type: 'varchar', length: '64', isUnique: true },
          { name: 'type', type: 'varchar', length: '256' },
          { name: 'envelope', type: 'text' },
          { name: 'created_at', type: 'varchar', length: '32' },
          { name: 'sent_at', type: 'varchar', length: '32', isNullable: true },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'last_error', type: 'text', isNullable: true },
        ],
      }),
    );
    await runner.createIndex(
      'outbox_message',
      new TableIndex({ name: 'outbox_message_unsent', columnNames: ['sent_at', 'sequence'] }),
    );
    await runner.createTable(
      new Table({
        name: 'inbox_message',
        columns: [
          { name: 'message_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'consumer', type: 'varchar', length: '128', isPrimary: true },
          { name: 'type', type: 'varchar', length: '256' },
          { name: 'processed_at', type: 'varchar', length: '32' },
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('inbox_message');
    await runner.dropTable('outbox_message');
  }
}
