import { setTimeout as sleep } from 'node:timers/promises';
import { DATABASE_KINDS } from '../../../../test/support/database';
import { outboxTestBed, relayOf, stage, waitFor } from '../../../../test/support/outbox-harness';
import { RecordingTransport } from '../../../../test/support/recording-transport';
import { UnitOfWork } from '../unit-of-work/unit-of-work';
import { Outbox } from './outbox';
import { AggregateStep } from '../../../../test/support/test-contracts';

jest.setTimeout(30_000);

describe.each(DATABASE_KINDS)('relay and a rolled-back unit of work on %s', (kind) => {
  const bed = outboxTestBed(kind);

  it(`[${kind}] never publishes an uncommitted row, and marks the committed one by message id`, async () => {
    const transport = new RecordingTransport();
    transport.latencyMs = 150;
    const moduleRef = await bed.boot(transport, { start: false });
    const uow = moduleRef.get(UnitOfWork);
    let polling: Promise<number> | undefined;
    // The relay polls while a unit of work has staged a row it will roll back.
    const rolledBack = uow.run(async (tx) => {
      const doomed = await moduleRef
        .get(Outbox)
        .emit(tx, AggregateStep, { i: -1 }, { aggregateId: 'a' });
      polling = relayOf(moduleRef).relayOnce();
      await sleep(30);
      throw new Error(`rolled back ${doomed.messageId}`);
    });
    await expect(rolledBack).rejects.toThrow('rolled back');
    // The next commit may reuse the rolled-back row's sequence number.
    const [committed] = await stage(moduleRef, 'a', 1);
    await polling;
    await waitFor(
      async () => (await relayOf(moduleRef).relayOnce()) >= 0 && transport.published.length > 0,
      'the committed row',
      5_000,
    ).catch(() => undefined);

    expect(transport.published.map((e) => e.payload)).toEqual([{ i: 0 }]);
    expect(transport.published[0]?.messageId).toBe(committed.messageId);
  });
});
