import { TestingModule } from '@nestjs/testing';
import { DATABASE_KINDS } from '../../../../test/support/database';
import { outboxTestBed, stage, waitFor } from '../../../../test/support/outbox-harness';
import { RecordingTransport } from '../../../../test/support/recording-transport';
import { UnitOfWork } from '../unit-of-work/unit-of-work';

jest.setTimeout(30_000);

const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();

async function sql(moduleRef: TestingModule, query: string): Promise<Record<string, unknown>[]> {
  return moduleRef.get(UnitOfWork).dataSource.query(query);
}

async function setColumn(moduleRef: TestingModule, table: string, set: string, ids: string[]) {
  const list = ids.map((id) => `'${id}'`).join(', ');
  await sql(moduleRef, `UPDATE ${table} SET ${set} WHERE message_id IN (${list})`);
}

describe.each(DATABASE_KINDS)('retention on %s', (kind) => {
  const bed = outboxTestBed(kind);

  it(`[${kind}] deletes sent outbox rows and inbox rows past their windows, in batches, never unsent or parked rows`, async () => {
    // The broker keeps refusing one aggregate: its old rows stay unsent while the sweeper runs.
    const transport = new RecordingTransport();
    transport.refuse = (e) => (e.aggregateId === 'old-unsent' ? new Error('nack') : undefined);
    const moduleRef = await bed.boot(transport, {
      start: false,
      env: {
        OUTBOX_RETENTION_HOURS: '168',
        INBOX_RETENTION_HOURS: '720',
        OUTBOX_RETENTION_SWEEP_INTERVAL_MS: '50',
        OUTBOX_RETENTION_BATCH_SIZE: '2',
      },
    });
    const id = (envelopes: { messageId: string }[]) => envelopes.map((e) => e.messageId);
    const oldSent = id(await stage(moduleRef, 'old-sent', 5));
    const recentSent = id(await stage(moduleRef, 'recent-sent', 2));
    const oldUnsent = id(await stage(moduleRef, 'old-unsent', 2));
    const oldParked = id(await stage(moduleRef, 'old-parked', 1));
    await setColumn(moduleRef, 'outbox_message', `sent_at = '${ago(169)}'`, oldSent);
    await setColumn(moduleRef, 'outbox_message', `sent_at = '${ago(167)}'`, recentSent);
    await setColumn(moduleRef, 'outbox_message', `created_at = '${ago(1000)}'`, oldUnsent);
    await setColumn(
      moduleRef,
      'outbox_message',
      `created_at = '${ago(1000)}', parked_at = '${ago(900)}', parked_reason = 'too large'`,
      oldParked,
    );
    for (const [messageId, hours] of [
      ['inbox-old-1', 721],
      ['inbox-old-2', 2000],
      ['inbox-old-3', 722],
      ['inbox-recent', 719],
    ] as const) {
      await sql(
        moduleRef,
        'INSERT INTO inbox_message (message_id, consumer, type, processed_at) ' +
          `VALUES ('${messageId}', 'c', 't', '${ago(hours)}')`,
      );
    }
    await moduleRef.init();
    const outboxIds = async () =>
      (await sql(moduleRef, 'SELECT message_id FROM outbox_message ORDER BY sequence')).map(
        (row) => row.message_id,
      );
    const inboxIds = async () =>
      (await sql(moduleRef, 'SELECT message_id FROM inbox_message ORDER BY message_id')).map(
        (row) => row.message_id,
      );
    await waitFor(
      async () => (await outboxIds()).length === 5 && (await inboxIds()).length === 1,
      'the sweep',
    );
    expect(await outboxIds()).toEqual([...recentSent, ...oldUnsent, ...oldParked]);
    const unsent = await sql(
      moduleRef,
      'SELECT COUNT(*) AS n FROM outbox_message WHERE sent_at IS NULL',
    );
    expect(Number(unsent[0].n)).toBe(3);
    expect(await inboxIds()).toEqual(['inbox-recent']);
  });
});
