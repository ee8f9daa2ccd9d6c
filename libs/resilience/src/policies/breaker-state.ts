/** Every state a circuit can be in, for whatever must list them all (the state gauge). */
export const BREAKER_STATES = ['closed', 'half-open', 'open', 'isolated'] as const;

/**
 * A circuit as callers see it. `half-open`: trial calls pass; one failure opens it again.
 * `isolated`: held open by hand.
 */
export type BreakerState = (typeof BREAKER_STATES)[number];

export interface BreakerStateChange {
  downstream: string;
  from: BreakerState;
  to: BreakerState;
  /** What opened it (the last failure), when it opened. */
  reason?: string;
}

export interface BreakerSnapshot {
  state: BreakerState;
  consecutiveFailures: number;
  /** ISO time the circuit last opened. */
  openedAt?: string;
  /** While open: ms until a call may run as a trial (0: the next call will). */
  trialInMs?: number;
  lastFailure?: string;
}
