import { EachBatchPayload, KafkaMessage } from 'kafkajs';
import { InFlightLimit } from './in-flight-limit';

export interface ConcurrentBatchOptions {
  limit: InFlightLimit;
  handle(message: KafkaMessage, topic: string): Promise<void>;
  /** True once the consumer takes no new messages (pause() or stop()). */
  stopping(): boolean;
}

/**
 * Handles a batch's messages concurrently, up to the shared limit, for messages that carry no
 * ordering promise (requests). Offsets are resolved only over the prefix of the batch that is
 * done, so a crash or a failure never commits past a message that was not handled: kafkajs
 * fetches the partition again from the first unresolved offset, and messages after it that were
 * handled come again (requests are deduplicated by the inbox, issue 14 point 6).
 *
 * The first failure stops taking new messages; what is in flight finishes, then the failure is
 * thrown for kafkajs to commit the resolved prefix and refetch. The caller heartbeats.
 */
export async function handleBatchConcurrently(
  { batch, resolveOffset, isRunning, isStale }: EachBatchPayload,
  { limit, handle, stopping }: ConcurrentBatchOptions,
): Promise<void> {
  const { messages, topic } = batch;
  const done = new Array<boolean>(messages.length).fill(false);
  let resolvedUpTo = 0;
  let failure: { error: unknown } | undefined;
  const inFlight = new Set<Promise<void>>();
  const advance = () => {
    while (resolvedUpTo < messages.length && done[resolvedUpTo]) {
      resolveOffset(messages[resolvedUpTo].offset);
      resolvedUpTo++;
    }
  };
  for (let i = 0; i < messages.length; i++) {
    await limit.acquire();
    if (failure || stopping() || !isRunning() || isStale()) {
      limit.release();
      break;
    }
    const work: Promise<void> = handle(messages[i], topic).then(
      () => {
        done[i] = true;
        advance();
      },
      (error: unknown) => void (failure ??= { error }),
    );
    const tracked = work.finally(() => {
      limit.release();
      inFlight.delete(tracked);
    });
    inFlight.add(tracked);
  }
  await Promise.all(inFlight);
  if (failure) throw failure.error;
}
