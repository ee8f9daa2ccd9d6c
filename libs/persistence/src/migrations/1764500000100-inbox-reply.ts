import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * The stored reply of a request handled through `Inbox.request`: a re-served request answers it
 * instead of acting again. Nullable, so rows written before (events, which have no reply) stay
 * valid; on SQLite TypeORM rebuilds the table, copying those rows.
 */
export class InboxReply1764500000100 implements MigrationInterface {
  name = 'InboxReply1764500000100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn(
      'inbox_message',
      new TableColumn({ name: 'reply', type: 'text', isNullable: true }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('inbox_message', 'reply');
  }
}
