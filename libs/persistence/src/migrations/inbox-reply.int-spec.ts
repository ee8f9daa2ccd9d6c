import { DataSource } from 'typeorm';
import {
  createTestDatabase,
  DATABASE_KINDS,
  TestDatabase,
} from '../../../../test/support/database';
import { databaseOptionsFromEnv } from '../database/database-options';
import { ensurePostgresDatabase } from '../database/ensure-postgres-database';
import { OutboxInbox1764300000000 } from './1764300000000-outbox-inbox';
import { InboxReply1764500000100 } from './1764500000100-inbox-reply';

jest.setTimeout(30_000);

const NOW = new Date().toISOString();

/** A database that already holds inbox rows gets the reply column, its rows and key kept. */
describe.each(DATABASE_KINDS)('InboxReply migration on %s', (kind) => {
  let db: TestDatabase;
  let dataSource: DataSource;

  const placeholders = (n: number) =>
    Array.from({ length: n }, (_, i) => (kind === 'postgres' ? `$${i + 1}` : '?')).join(', ');
  const open = async (migrations: Array<new () => unknown>) => {
    const options = databaseOptionsFromEnv('inbox-migration', { entities: [], migrations }, db.env);
    const source = new DataSource({ ...options, migrationsRun: false, logging: false });
    return source.initialize();
  };
  const insertEvent = (messageId: string) =>
    dataSource.query(
      `INSERT INTO inbox_message (message_id, consumer, type, processed_at) VALUES (${placeholders(4)})`,
      [messageId, 'reserve-stock', 'inventory.reserve-stock', NOW],
    );
  const rowsOf = (messageId: string) =>
    dataSource.query(
      `SELECT consumer, type, reply FROM inbox_message WHERE message_id = ${placeholders(1)}`,
      [messageId],
    ) as Promise<Array<{ consumer: string; type: string; reply: string | null }>>;

  beforeAll(async () => {
    db = await createTestDatabase(kind, 'inbox-migration');
    const url = db.env.INBOX_MIGRATION_DATABASE_URL;
    if (url) await ensurePostgresDatabase(url);
    dataSource = await open([OutboxInbox1764300000000]);
    await dataSource.runMigrations();
    await insertEvent('handled-before');
    await dataSource.destroy();
    dataSource = await open([OutboxInbox1764300000000, InboxReply1764500000100]);
    await dataSource.runMigrations();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('keeps the rows already there, with no reply', async () => {
    expect(await rowsOf('handled-before')).toEqual([
      { consumer: 'reserve-stock', type: 'inventory.reserve-stock', reply: null },
    ]);
  });

  it('stores a reply beside a new record', async () => {
    await dataSource.query(
      `INSERT INTO inbox_message (message_id, consumer, type, processed_at, reply) VALUES (${placeholders(5)})`,
      ['request-after', 'create-order', 'order.create', NOW, '{"orderId":"o-1"}'],
    );
    expect(await rowsOf('request-after')).toEqual([
      { consumer: 'create-order', type: 'order.create', reply: '{"orderId":"o-1"}' },
    ]);
  });

  it('still refuses a second record of one message for one consumer', async () => {
    await expect(insertEvent('handled-before')).rejects.toThrow(/unique|duplicate/i);
  });
});
