/**
 * Pause before re-opening a channel the broker closed: 1 s, doubling to 30 s while it keeps failing
 * (a mis-declared queue fails on every attempt; a hot loop would flood broker and log alike).
 */
export class RecoveryDelay {
  private failures = 0;

  constructor(
    private readonly baseMs = 1_000,
    private readonly maxMs = 30_000,
  ) {}

  next(): number {
    return Math.min(this.maxMs, this.baseMs * 2 ** this.failures++);
  }

  reset(): void {
    this.failures = 0;
  }
}
