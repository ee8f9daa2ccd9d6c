import { Envelope } from '@railyard/messaging';
import {
  outboxTestBed,
  publishedSteps,
  stage,
  unsentCount,
  waitFor,
} from '../../../../test/support/outbox-harness';
import { RecordingTransport } from '../../../../test/support/recording-transport';

jest.setTimeout(90_000);

const AGGREGATES = 12;
const ROUNDS = 25;

describe('several relays on one PostgreSQL database', () => {
  const bed = outboxTestBed('postgres');

  it.each([2, 4])(
    '%i relays publish every aggregate in sequence order, interleaved commits',
    async (relays) => {
      const published: Envelope[] = [];
      const env = { OUTBOX_BATCH_SIZE: '20' };
      const writer = await bed.boot(new RecordingTransport(published), { start: false, env });
      // Interleaved: each round commits one event per aggregate, so every batch spans aggregates.
      for (let round = 0; round < ROUNDS; round++) {
        for (let a = 0; a < AGGREGATES; a++) await stage(writer, `agg-${a}`, 1, round);
      }
      const transports = Array.from({ length: relays }, () => {
        const transport = new RecordingTransport(published);
        transport.jitterMs = 4;
        return transport;
      });
      const relayApps = [];
      for (const transport of transports) {
        relayApps.push(await bed.boot(transport, { start: false, env }));
      }
      await Promise.all(relayApps.map((relayApp) => relayApp.init()));
      await waitFor(async () => (await unsentCount(writer)) === 0, 'every row sent', 60_000);

      expect(new Set(published.map((e) => e.messageId)).size).toBe(AGGREGATES * ROUNDS);
      for (let a = 0; a < AGGREGATES; a++) {
        const steps = publishedSteps(published, `agg-${a}`);
        expect({ aggregate: a, steps: dedupe(steps) }).toEqual({
          aggregate: a,
          steps: Array.from({ length: ROUNDS }, (_, i) => i),
        });
      }
    },
  );
});

/** A row published but not marked (crash) may go out twice; order is about first sights. */
function dedupe(steps: number[]): number[] {
  return steps.filter((step, index) => steps.indexOf(step) === index);
}
