/** Timing of the orchestrator; every field has a default (SAGA_* variables). */
export interface SagaSettings {
  /** A step's deadline when the step declares none. */
  stepDeadlineMs: number;
  compensation: {
    /**
     * Sends of one compensation after which the saga counts as stuck (logged, in /health). It is
     * still resent, for as long as it takes: giving up would leave the order and its stock held.
     */
    stuckAfterAttempts: number;
    /** Wait for the first compensation reply; doubles per resend, capped by maxDelayMs. */
    baseDelayMs: number;
    maxDelayMs: number;
    /** Once stuck, the wait keeps doubling from maxDelayMs up to this cap. */
    stuckMaxDelayMs: number;
  };
}

export const DEFAULT_SAGA_SETTINGS: SagaSettings = {
  stepDeadlineMs: 30_000,
  compensation: {
    stuckAfterAttempts: 8,
    baseDelayMs: 2_000,
    maxDelayMs: 30_000,
    stuckMaxDelayMs: 300_000,
  },
};

/** How long to wait for the reply to the `attempt`-th send of a compensation. */
export function compensationWaitMs(
  { stuckAfterAttempts, baseDelayMs, maxDelayMs, stuckMaxDelayMs }: SagaSettings['compensation'],
  attempt: number,
): number {
  // Exponents clamped: past ~1,000 doublings 2 ** n is Infinity, and the cap applies long before.
  if (attempt <= stuckAfterAttempts) {
    return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(attempt - 1, 52));
  }
  const stuckFor = Math.min(attempt - stuckAfterAttempts, 52);
  return Math.min(Math.max(maxDelayMs, stuckMaxDelayMs), maxDelayMs * 2 ** stuckFor);
}
