/**
 * Bytes of received messages held in handling by every connection of one server together. A
 * connection that finds it spent stops reading its socket and waits here; when enough is given
 * back (below half), every waiter is told to try again. Frames are counted in bytes, not only in
 * number: 800 valid 1 MiB events from one peer grew a receiver by 1 GiB (issue 15).
 */
export class ByteBudget {
  private used = 0;
  private readonly waiters = new Set<() => void>();

  constructor(readonly limit: number) {}

  get inUse(): number {
    return this.used;
  }

  get spent(): boolean {
    return this.used >= this.limit;
  }

  take(bytes: number): void {
    this.used += bytes;
  }

  give(bytes: number): void {
    this.used -= bytes;
    if (this.used >= this.limit / 2 || this.waiters.size === 0) return;
    const woken = [...this.waiters];
    this.waiters.clear();
    for (const wake of woken) wake();
  }

  /** Calls `wake` once, when the budget has room again. */
  whenRoom(wake: () => void): void {
    this.waiters.add(wake);
  }

  forget(wake: () => void): void {
    this.waiters.delete(wake);
  }
}
