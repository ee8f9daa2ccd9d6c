import { RequestTimeoutError } from '../errors/request-timeout.error';
import { Reply } from './reply';

interface Waiter {
  resolve(reply: Reply): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * Requests awaiting a reply, keyed by request id. Every waiter ends: reply, timeout or failAll.
 * One id may be awaited more than once: a retry sends its request again under the same message id
 * (so the receiver's inbox answers it without acting twice), possibly before the first wait timed
 * out. Each wait then times out on its own, and the first reply settles them all.
 */
export class PendingRequests {
  private readonly waiters = new Map<string, Set<Waiter>>();

  wait(requestId: string, target: string, pattern: string, timeoutMs: number): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.forget(requestId, waiter);
          reject(new RequestTimeoutError(target, pattern, timeoutMs));
        }, timeoutMs),
      };
      waiter.timer.unref();
      const same = this.waiters.get(requestId) ?? new Set<Waiter>();
      this.waiters.set(requestId, same.add(waiter));
    });
  }

  /** Returns false for a reply nobody waits for (late, duplicated, or meant for another process). */
  settle(requestId: string, reply: Reply): boolean {
    const waiters = this.take(requestId);
    for (const waiter of waiters) waiter.resolve(reply);
    return waiters.length > 0;
  }

  /** Fails every wait on `requestId` (its send failed). */
  fail(requestId: string, error: Error): void {
    for (const waiter of this.take(requestId)) waiter.reject(error);
  }

  failAll(error: Error): void {
    for (const id of [...this.waiters.keys()]) this.fail(id, error);
  }

  get size(): number {
    return this.waiters.size;
  }

  private take(requestId: string): Waiter[] {
    const waiters = [...(this.waiters.get(requestId) ?? [])];
    for (const waiter of waiters) clearTimeout(waiter.timer);
    this.waiters.delete(requestId);
    return waiters;
  }

  private forget(requestId: string, waiter: Waiter): void {
    const same = this.waiters.get(requestId);
    same?.delete(waiter);
    if (same?.size === 0) this.waiters.delete(requestId);
  }
}
