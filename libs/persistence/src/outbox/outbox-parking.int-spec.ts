import { MessageTooLargeError } from '@railyard/messaging';
import { DATABASE_KINDS } from '../../../../test/support/database';
import {
  outboxTestBed,
  publishedSteps,
  stage,
  waitFor,
} from '../../../../test/support/outbox-harness';
import { RecordingTransport } from '../../../../test/support/recording-transport';
import { OutboxAdmin } from './outbox-admin';

jest.setTimeout(60_000);

const HEALTHY_AGGREGATES = 200;
const HEALTHY_PER_AGGREGATE = 10;

describe.each(DATABASE_KINDS)('a poison outbox row on %s', (kind) => {
  const bed = outboxTestBed(kind);

  it(`[${kind}] parks the poison, holds only its successors, and lets 2,000 other rows through`, async () => {
    const transport = new RecordingTransport();
    let transientFailures = 2;
    transport.refuse = (envelope) => {
      if (envelope.aggregateId === 'poison' && (envelope.payload as { i: number }).i === 0) {
        return new MessageTooLargeError(2_000_000, 1_048_576);
      }
      if (envelope.aggregateId === 'flaky' && transientFailures > 0) {
        transientFailures--;
        return new Error('broker nacked');
      }
      return undefined;
    };
    const moduleRef = await bed.boot(transport, {
      start: false,
      env: { OUTBOX_RETRY_BASE_MS: '50', OUTBOX_RETRY_MAX_MS: '100' },
    });
    await stage(moduleRef, 'poison', 3);
    await stage(moduleRef, 'flaky', 3);
    for (let a = 0; a < HEALTHY_AGGREGATES; a++) {
      await stage(moduleRef, `healthy-${a}`, HEALTHY_PER_AGGREGATE);
    }
    await moduleRef.init();

    const healthy = () => transport.published.filter((e) => e.aggregateId.startsWith('healthy-'));
    await waitFor(
      () => healthy().length === HEALTHY_AGGREGATES * HEALTHY_PER_AGGREGATE,
      'every healthy row',
    );
    await waitFor(() => publishedSteps(transport.published, 'flaky').length === 3, 'flaky rows');
    expect(publishedSteps(transport.published, 'flaky')).toEqual([0, 1, 2]);
    for (let a = 0; a < HEALTHY_AGGREGATES; a++) {
      expect(publishedSteps(transport.published, `healthy-${a}`)).toEqual(
        Array.from({ length: HEALTHY_PER_AGGREGATE }, (_, i) => i),
      );
    }

    const admin = moduleRef.get(OutboxAdmin);
    expect(publishedSteps(transport.published, 'poison')).toEqual([]);
    expect(await admin.stats()).toEqual({ pending: 2, retrying: 0, parked: 1 });
    // The console's figures: the held successors are the oldest pending rows, waiting since staged.
    const status = await admin.status();
    expect(status).toMatchObject({ pending: 2, retrying: 0, parked: 1 });
    expect(status.oldestUnsentAgeMs).toBeGreaterThan(0);
    const [parked] = await admin.listParked();
    expect(parked).toMatchObject({
      aggregateId: 'poison',
      type: 'agg.step',
      attempts: 1,
      parkedReason: 'message body is 2000000 bytes, over the 1048576-byte limit',
    });

    // The operator fixed the cause (say, raised the limit) and puts the row back in line.
    transport.refuse = undefined;
    await expect(admin.unpark(parked.messageId)).resolves.toBe(true);
    await waitFor(() => publishedSteps(transport.published, 'poison').length === 3, 'the poison');
    expect(publishedSteps(transport.published, 'poison')).toEqual([0, 1, 2]);
    // A row is marked sent after the broker confirmed it: a moment after it was recorded here.
    await waitFor(async () => (await admin.stats()).pending === 0, 'the poison marked sent');
    expect(await admin.stats()).toEqual({ pending: 0, retrying: 0, parked: 0 });
    expect(await admin.status()).toEqual({
      pending: 0,
      retrying: 0,
      parked: 0,
      oldestUnsentAgeMs: null,
    });
    await expect(admin.unpark(parked.messageId)).resolves.toBe(false);
  });
});
