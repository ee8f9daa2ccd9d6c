import { DataSource } from 'typeorm';
import { createEnvelope } from '@railyard/messaging';
import { DATABASE_KINDS } from '../../../../test/support/database';
import { outboxTestBed, relayOf, waitFor } from '../../../../test/support/outbox-harness';
import { RecordingTransport } from '../../../../test/support/recording-transport';
import { databaseOptionsFromEnv } from '../database/database-options';
import { ensurePostgresDatabase } from '../database/ensure-postgres-database';
import { OutboxMessageEntity } from '../outbox/outbox-message.entity';
import { OutboxInbox1764300000000 } from './1764300000000-outbox-inbox';

jest.setTimeout(30_000);

describe.each(DATABASE_KINDS)('migration 1764500000000 on an existing %s database', (kind) => {
  const bed = outboxTestBed(kind);

  it(`[${kind}] adds the columns to a table with rows, backfills aggregate_id, and the rows go out`, async () => {
    // A database as the previous release left it: the first migration only, rows unsent.
    const options = databaseOptionsFromEnv(
      'relay-test',
      { entities: [], migrations: [OutboxInbox1764300000000] },
      { ...process.env, ...bed.db().env },
    );
    if (options.type === 'postgres' && options.url) await ensurePostgresDatabase(options.url);
    const old = new DataSource({ ...options, migrationsRun: true });
    await old.initialize();
    const staged = [0, 1, 2].map((i) =>
      createEnvelope({ type: 'agg.step', payload: { i }, aggregateId: 'legacy' }),
    );
    for (const envelope of staged) {
      const json = JSON.stringify(envelope).replace(/'/g, "''");
      await old.query(
        'INSERT INTO outbox_message (message_id, type, envelope, created_at, attempts) ' +
          `VALUES ('${envelope.messageId}', '${envelope.type}', '${json}', '${envelope.occurredAt}', 0)`,
      );
    }
    await old.query(
      "INSERT INTO inbox_message (message_id, consumer, type, processed_at) VALUES ('m', 'c', 't', '2026-01-01T00:00:00.000Z')",
    );
    await old.destroy();

    const transport = new RecordingTransport();
    const moduleRef = await bed.boot(transport);
    await waitFor(() => transport.published.length === 3, 'the rows staged before the upgrade');
    await relayOf(moduleRef).relayOnce();
    expect(transport.published.map((e) => e.messageId)).toEqual(staged.map((e) => e.messageId));
    const rows = await moduleRef
      .get(DataSource)
      .getRepository(OutboxMessageEntity)
      .find({ order: { sequence: 'ASC' } });
    expect(
      rows.map(({ aggregateId, parkedAt, retryAfter }) => ({ aggregateId, parkedAt, retryAfter })),
    ).toEqual(staged.map(() => ({ aggregateId: 'legacy', parkedAt: null, retryAfter: null })));
  });
});
