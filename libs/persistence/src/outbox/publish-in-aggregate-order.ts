export interface PublishOutcome<M> {
  sent: M[];
  /** At most one per aggregate: the message its lane stopped at. */
  failed: { message: M; error: Error }[];
}

/**
 * Publishes a batch as fast as ordering allows: aggregates in parallel, each aggregate's messages
 * one after another. An aggregate stops at its first failure so nothing overtakes it; the other
 * aggregates go on.
 */
export async function publishInAggregateOrder<M extends { aggregateId: string | null }>(
  batch: M[],
  publish: (message: M) => Promise<void>,
): Promise<PublishOutcome<M>> {
  const lanes = new Map<string | number, M[]>();
  batch.forEach((message, index) => {
    // No aggregate (a row inserted without one): ordered with nothing, its own lane.
    const key = message.aggregateId ?? index;
    const lane = lanes.get(key) ?? [];
    lane.push(message);
    lanes.set(key, lane);
  });
  const outcome: PublishOutcome<M> = { sent: [], failed: [] };
  await Promise.all(
    [...lanes.values()].map(async (lane) => {
      for (const message of lane) {
        try {
          await publish(message);
          outcome.sent.push(message);
        } catch (error) {
          outcome.failed.push({ message, error: error as Error });
          return;
        }
      }
    }),
  );
  return outcome;
}
