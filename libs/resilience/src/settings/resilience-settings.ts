/**
 * How calls to one downstream are guarded. One set per downstream; the policies built from it are
 * shared by every request to that downstream (a breaker counts nothing if each request has its own).
 */
export interface ResilienceSettings {
  /** Bound on one attempt, in ms. Default 500. */
  attemptTimeoutMs: number;
  /**
   * Bound on the call once it holds a bulkhead slot, in ms: every attempt and every backoff.
   * A caller waits at most `bulkhead.maxWaitMs` + this. Default 800.
   */
  budgetMs: number;
  /**
   * Attempt timeout and budget of commands (HTTP methods other than GET, HEAD and OPTIONS;
   * `command: true` on ResilientBus). Under a burst a service takes longer to create than to
   * read, and a command cut short leaves its client unsure whether it took effect; reads keep
   * the short bounds that let a page degrade quickly. Default: the same as reads.
   */
  commands?: { attemptTimeoutMs: number; budgetMs: number };
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
    /** Calls waiting for a slot; one more is refused at once. Default 256. */
    queue: number;
    /** How long a call may wait for a slot before it is refused (load shed), in ms. Default 5000. */
    maxWaitMs: number;
  };
}

export const DEFAULT_RESILIENCE_SETTINGS: ResilienceSettings = {
  attemptTimeoutMs: 500,
  budgetMs: 800,
  retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 200 },
  breaker: { failureThreshold: 5, recoveryMs: 5_000, successThreshold: 2 },
  bulkhead: { concurrency: 64, queue: 256, maxWaitMs: 5_000 },
};
