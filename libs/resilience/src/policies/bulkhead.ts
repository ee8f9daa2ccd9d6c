/** Why a call got no slot: the queue was full, or it waited in the queue past its bound. */
export type BulkheadRefusal = 'full' | 'waited';

export class BulkheadRefusedError extends Error {
  constructor(readonly reason: BulkheadRefusal) {
    super(reason === 'full' ? 'bulkhead queue full' : 'waited too long for a bulkhead slot');
  }
}

interface Waiter {
  grant(): void;
  timer: NodeJS.Timeout;
}

/**
 * At most `concurrency` calls at once, at most `queue` waiting, each waiting at most `maxWaitMs`.
 * Unlike cockatiel's bulkhead, a waiter that gives up leaves the queue at once (its place goes to
 * the next caller) and the wait is bounded on its own: the time a call spends here is the
 * gateway's own queueing, which must never count against the downstream (issue 13).
 */
export class Bulkhead {
  private active = 0;
  private readonly waiters: Waiter[] = [];

  constructor(
    readonly concurrency: number,
    readonly queue: number,
    readonly maxWaitMs: number,
  ) {}

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiters.length;
  }

  /** Resolves with the slot's release once one is free; rejects with BulkheadRefusedError. */
  acquire(): Promise<() => void> {
    if (this.active < this.concurrency) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiters.length >= this.queue) {
      return Promise.reject(new BulkheadRefusedError('full'));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(waiter.timer);
          resolve(this.releaser());
        },
        timer: setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(new BulkheadRefusedError('waited'));
        }, this.maxWaitMs),
      };
      waiter.timer.unref();
      this.waiters.push(waiter);
    });
  }

  /** A release that works once: the slot passes straight to the oldest waiter, if any. */
  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next.grant();
      else this.active--;
    };
  }
}
