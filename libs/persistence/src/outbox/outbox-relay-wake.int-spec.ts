import { setTimeout as sleep } from 'node:timers/promises';
import { DATABASE_KINDS } from '../../../../test/support/database';
import { outboxTestBed, relayOf, stage, waitFor } from '../../../../test/support/outbox-harness';
import { RecordingTransport } from '../../../../test/support/recording-transport';
import { UnitOfWork } from '../unit-of-work/unit-of-work';

jest.setTimeout(30_000);

/** Long enough that only a wake-up, never the poll, can explain a scan within a test. */
const POLL_MS = '60000';

describe.each(DATABASE_KINDS)('what wakes the relay on %s', (kind) => {
  const bed = outboxTestBed(kind);

  it(`[${kind}] a read-only unit of work does not; one that staged a message does, at once`, async () => {
    const transport = new RecordingTransport();
    const moduleRef = await bed.boot(transport, { env: { OUTBOX_POLL_INTERVAL_MS: POLL_MS } });
    const relay = relayOf(moduleRef);
    const scans = jest.spyOn(relay, 'relayOnce');
    await sleep(100); // the first pass, made at start, is over: the relay idles for POLL_MS

    const uow = moduleRef.get(UnitOfWork);
    // What a query handler does (GET /orders/:id reads a reservation and the payments this way).
    await Promise.all(
      Array.from({ length: 20 }, () =>
        uow.run((tx) => tx.query('SELECT COUNT(*) FROM outbox_message')),
      ),
    );
    await sleep(200);
    expect(scans).not.toHaveBeenCalled();

    const [staged] = await stage(moduleRef, 'a', 1);
    await waitFor(() => transport.published.length === 1, 'the staged event', 5_000);
    expect(transport.published[0].messageId).toBe(staged.messageId);
    expect(scans).toHaveBeenCalled();
  });
});
