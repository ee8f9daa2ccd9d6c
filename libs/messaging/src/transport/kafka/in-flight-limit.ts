/**
 * At most `size` pieces of work at once, shared by every partition of one consumer: kafkajs hands
 * partitions to eachBatch concurrently, and the bound is on the process, not per partition.
 * Waiters are served first come, first served.
 */
export class InFlightLimit {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`size must be ≥ 1, got ${size}`);
  }

  get inFlight(): number {
    return this.running;
  }

  async acquire(): Promise<void> {
    if (this.running < this.size) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Hands the slot straight to the next waiter, if any. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}
