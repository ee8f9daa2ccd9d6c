import fc from 'fast-check';
import { createEnvelope, Envelope } from '@railyard/messaging';
import { publishInAggregateOrder } from './publish-in-aggregate-order';

const staged = (aggregates: string[]) =>
  aggregates.map((aggregateId, sequence) => ({
    sequence,
    envelope: createEnvelope({ type: 't', payload: sequence, aggregateId }),
  }));

describe('publishInAggregateOrder', () => {
  it('publishes every message, each aggregate in sequence order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 60 }),
        async (aggs) => {
          const published: Envelope[] = [];
          const outcome = await publishInAggregateOrder(staged(aggs), async (e) => {
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 2));
            published.push(e);
          });
          expect(outcome.sent.sort((x, y) => x - y)).toEqual(aggs.map((_, i) => i));
          for (const agg of new Set(aggs)) {
            const order = published
              .filter((e) => e.aggregateId === agg)
              .map((e) => e.payload as number);
            expect(order).toEqual([...order].sort((x, y) => x - y));
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('stops an aggregate at its first failure; other aggregates go on', async () => {
    const batch = staged(['a', 'b', 'a', 'b', 'a']);
    const outcome = await publishInAggregateOrder(batch, async (e) => {
      if (e.payload === 2) throw new Error('broker said no');
    });
    expect(outcome.sent.sort()).toEqual([0, 1, 3]);
    expect(outcome.failed).toMatchObject({ sequence: 2, error: new Error('broker said no') });
  });
});
