/**
 * How calls to one downstream are guarded. One set per downstream; the policies built from it are
 * shared by every request to that downstream (a breaker counts nothing if each request has its own).
 */
export interface ResilienceSettings {
  /** Bound on one attempt, in ms. Default 500. */
  attemptTimeoutMs: number;
  /**
   * Bound on the whole call, in ms: waiting for a bulkhead slot, every attempt and every backoff.
   * What a caller can promise its own caller. Default 800.
   */
  budgetMs: number;
  retry: {
    /** Attempts of an idempotent call, the first included (1 = never retry). Default 3. */
    maxAttempts: number;
    /** The backoff before retry n is random in [0, min(maxDelayMs, baseDelayMs × 2^(n-1))). */
    baseDelayMs: number;
    /** Cap of the backoff window. Default 200. */
    maxDelayMs: number;
  };
  breaker: {
    /** Consecutive failed attempts that open the circuit. Default 5. */
    failureThreshold: number;
    /** How long an open circuit fails fast before it lets one trial call through, in ms. Default 5000. */
    recoveryMs: number;
    /** Consecutive successes, the trial call included, that close it again. Default 2. */
    successThreshold: number;
  };
  bulkhead: {
    /** Calls in flight at once. Default 64. */
    concurrency: number;
    /** Calls waiting for a slot; one more is refused at once. Default 128. */
    queue: number;
  };
}

export const DEFAULT_RESILIENCE_SETTINGS: ResilienceSettings = {
  attemptTimeoutMs: 500,
  budgetMs: 800,
  retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 200 },
  breaker: { failureThreshold: 5, recoveryMs: 5_000, successThreshold: 2 },
  bulkhead: { concurrency: 64, queue: 128 },
};
