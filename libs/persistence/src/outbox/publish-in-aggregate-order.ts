import { Envelope } from '@railyard/messaging';

export interface StagedMessage {
  sequence: number;
  envelope: Envelope;
}

export interface PublishOutcome {
  sent: number[];
  failed?: { sequence: number; error: Error };
}

/**
 * Publishes a batch as fast as ordering allows: aggregates in parallel, each aggregate's messages
 * one after another. An aggregate stops at its first failure so nothing overtakes it.
 */
export async function publishInAggregateOrder(
  batch: StagedMessage[],
  publish: (envelope: Envelope) => Promise<void>,
): Promise<PublishOutcome> {
  const lanes = new Map<string, StagedMessage[]>();
  for (const message of batch) {
    const lane = lanes.get(message.envelope.aggregateId) ?? [];
    lane.push(message);
    lanes.set(message.envelope.aggregateId, lane);
  }
  const outcome: PublishOutcome = { sent: [] };
  await Promise.all(
    [...lanes.values()].map(async (lane) => {
      for (const message of lane) {
        try {
          await publish(message.envelope);
          outcome.sent.push(message.sequence);
        } catch (error) {
          outcome.failed ??= { sequence: message.sequence, error: error as Error };
          return;
        }
      }
    }),
  );
  return outcome;
}
