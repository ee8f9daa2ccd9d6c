import fc from 'fast-check';
import { publishInAggregateOrder } from './publish-in-aggregate-order';

const staged = (aggregates: string[]) =>
  aggregates.map((aggregateId, sequence) => ({ sequence, aggregateId }));

describe('publishInAggregateOrder', () => {
  it('publishes every message, each aggregate in sequence order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 60 }),
        async (aggs) => {
          const published: { sequence: number; aggregateId: string }[] = [];
          const outcome = await publishInAggregateOrder(staged(aggs), async (m) => {
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 2));
            published.push(m);
          });
          expect(outcome.sent.map((m) => m.sequence).sort((x, y) => x - y)).toEqual(
            aggs.map((_, i) => i),
          );
          for (const agg of new Set(aggs)) {
            const order = published.filter((m) => m.aggregateId === agg).map((m) => m.sequence);
            expect(order).toEqual([...order].sort((x, y) => x - y));
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('stops each aggregate at its own first failure; other aggregates go on', async () => {
    const batch = staged(['a', 'b', 'a', 'b', 'a', 'c', 'b']);
    const outcome = await publishInAggregateOrder(batch, async (m) => {
      if (m.sequence === 2 || m.sequence === 3) throw new Error(`no ${m.sequence}`);
    });
    expect(outcome.sent.map((m) => m.sequence).sort()).toEqual([0, 1, 5]);
    expect(
      outcome.failed.map(({ message, error }) => [message.sequence, error.message]).sort(),
    ).toEqual([
      [2, 'no 2'],
      [3, 'no 3'],
    ]);
  });
});
