/** A circuit as callers see it. `half-open`: trial calls pass; one failure opens it again. */
export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

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
