import { HEADER, MemoryBroker } from '@railyard/messaging';

export interface MemoryBrokerView {
  /** Dead letters of `service`, oldest first: what no retry could handle. */
  deadLetters(
    service: string,
  ): ReadonlyArray<{ type: string | undefined; error: string; reason: string }>;
  /** Events waiting in `service`'s queue (none running, or all busy). */
  pending(service: string): number;
  /** Forgets the broker and all it holds: call in afterAll. */
  discard(): void;
}

/** What a test may look at in its memory broker. */
export function memoryBroker(name: string): MemoryBrokerView {
  const broker = MemoryBroker.named(name);
  return {
    deadLetters: (service) =>
      broker.deadLettersOf(service).map((letter) => ({
        type: letter.headers[HEADER.type],
        error: letter.error,
        reason: letter.reason,
      })),
    pending: (service) => broker.pendingOf(service),
    discard: () => MemoryBroker.discard(name),
  };
}
