import { RequestTimeoutError } from '../errors/request-timeout.error';
import { Reply } from './reply';

interface Waiter {
  resolve(reply: Reply): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** Requests awaiting a reply, keyed by request id. Every waiter ends: reply, timeout or failAll. */
export class PendingRequests {
  private readonly waiters = new Map<string, Waiter>();

  wait(requestId: string, target: string, pattern: string, timeoutMs: number): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(requestId);
        reject(new RequestTimeoutError(target, pattern, timeoutMs));
      }, timeoutMs);
      timer.unref();
      this.waiters.set(requestId, { resolve, reject, timer });
    });
  }

  /** Returns false for a reply nobody waits for (late, duplicated, or meant for another process). */
  settle(requestId: string, reply: Reply): boolean {
    const waiter = this.take(requestId);
    waiter?.resolve(reply);
    return waiter !== undefined;
  }

  fail(requestId: string, error: Error): void {
    this.take(requestId)?.reject(error);
  }

  failAll(error: Error): void {
    for (const id of [...this.waiters.keys()]) this.fail(id, error);
  }

  get size(): number {
    return this.waiters.size;
  }

  private take(requestId: string): Waiter | undefined {
    const waiter = this.waiters.get(requestId);
    if (!waiter) return undefined;
    clearTimeout(waiter.timer);
    this.waiters.delete(requestId);
    return waiter;
  }
}
