import { DEAD_LETTER_COUNT_CAP } from '@railyard/contracts';
import { DeadLetterStore } from '../transport/dead-letter-store';

/** How long a status answer waits for a count in progress before it gives the last one. */
const WAIT_FOR_COUNT_MS = 300;
/** A count starts again no sooner than this many times its last duration after it ended. */
const SPACING_FACTOR = 4;

/**
 * A service's dead-letter count for its status answers, which the console asks for every second.
 * Counting costs what the store costs to read: a RabbitMQ queue's depth is one call, a Kafka store
 * joins a consumer group (seconds). So one count runs at a time, the next starts only after a
 * pause proportional to how long the last one took, and an answer waits briefly for a count in
 * progress, then gives the last known one (null before the first).
 */
export class DeadLetterCount {
  private last: number | null = null;
  private counting?: Promise<void>;
  private nextAt = 0;

  constructor(
    private readonly store: DeadLetterStore,
    private readonly now: () => number = Date.now,
  ) {}

  async current(): Promise<number | null> {
    if (!this.counting && this.now() >= this.nextAt) this.counting = this.count();
    if (this.counting) await waitAtMost(this.counting, WAIT_FOR_COUNT_MS);
    return this.last;
  }

  private async count(): Promise<void> {
    const started = this.now();
    try {
      this.last = await this.store.count(DEAD_LETTER_COUNT_CAP);
    } catch {
      // The last count stands: the dead-letter admin routes report the store's failure itself.
    } finally {
      const ended = this.now();
      this.nextAt = ended + SPACING_FACTOR * (ended - started);
      this.counting = undefined;
    }
  }
}

/** Resolves when `work` settles or after `ms`, whichever is first; never keeps the process alive. */
function waitAtMost(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  return Promise.race([work, elapsed]).finally(() => clearTimeout(timer));
}
