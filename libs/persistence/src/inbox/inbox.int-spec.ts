import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { createEnvelope, Envelope } from '@railyard/messaging';
import {
  createTestDatabase,
  DATABASE_KINDS,
  TestDatabase,
} from '../../../../test/support/database';
import { databaseOptionsFromEnv } from '../database/database-options';
import { ensurePostgresDatabase } from '../database/ensure-postgres-database';
import { OutboxInbox1764300000000 } from '../migrations/1764300000000-outbox-inbox';
import { InboxReply1764500000100 } from '../migrations/1764500000100-inbox-reply';
import { UnitOfWork } from '../unit-of-work/unit-of-work';
import { Inbox } from './inbox';

jest.setTimeout(30_000);

/** Inbox.request on its own: the record, the effect and the reply in one unit of work. */
describe.each(DATABASE_KINDS)('Inbox.request on %s', (kind) => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let inbox: Inbox;

  beforeAll(async () => {
    db = await createTestDatabase(kind, 'inbox-request');
    const url = db.env.INBOX_REQUEST_DATABASE_URL;
    if (url) await ensurePostgresDatabase(url);
    const migrations = [OutboxInbox1764300000000, InboxReply1764500000100];
    const options = databaseOptionsFromEnv('inbox-request', { entities: [], migrations }, db.env);
    dataSource = await new DataSource({
      ...options,
      migrationsRun: true,
      logging: false,
    }).initialize();
    inbox = new Inbox(new UnitOfWork(dataSource));
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const message = () => createEnvelope({ type: 'thing.create', payload: {} });
  const records = async (envelope: Envelope) =>
    (await dataSource.query(
      `SELECT consumer, reply FROM inbox_message WHERE message_id = ${kind === 'postgres' ? '$1' : '?'}`,
      [envelope.messageId],
    )) as Array<{ consumer: string; reply: string | null }>;

  it('acts once per message and consumer, answering the stored reply after', async () => {
    const envelope = message();
    let effects = 0;
    const create = () => inbox.request(envelope, 'create', async () => ({ id: ++effects }));
    expect(await create()).toEqual({ id: 1 });
    expect(await create()).toEqual({ id: 1 });
    expect(effects).toBe(1);
    expect(await records(envelope)).toEqual([{ consumer: 'create', reply: '{"id":1}' }]);
  });

  it('keeps no record of an effect that failed: the message served again acts', async () => {
    const envelope = message();
    const failing = inbox.request(envelope, 'create', async () => {
      throw new Error('the effect failed');
    });
    await expect(failing).rejects.toThrow('the effect failed');
    expect(await records(envelope)).toEqual([]);
    expect(await inbox.request(envelope, 'create', async () => 'acted')).toBe('acted');
  });

  it('two deliveries at the same time: one effect, both answered its reply', async () => {
    const envelope = message();
    let effects = 0;
    const create = () =>
      inbox.request(envelope, 'create', async () => {
        const id = ++effects;
        // Holds the transaction open: on PostgreSQL the other delivery's claim waits for it.
        await sleep(200);
        return { id };
      });
    expect(await Promise.all([create(), create(), create()])).toEqual([
      { id: 1 },
      { id: 1 },
      { id: 1 },
    ]);
    expect(effects).toBe(1);
  });

  it('refuses with INBOX_REPLY_MISSING a record that an event consumer of that name left', async () => {
    const envelope = message();
    await inbox.once(envelope, 'shared-name', async () => undefined);
    await expect(
      inbox.request(envelope, 'shared-name', async () => 'acted again'),
    ).rejects.toMatchObject({ code: 'INBOX_REPLY_MISSING' });
  });
});
