import { ResilienceError } from './resilience.error';

/** Refused without calling: the downstream's circuit is open. Nothing was sent. */
export class CircuitOpenError extends ResilienceError {
  readonly code = 'CIRCUIT_OPEN';

  constructor(
    downstream: string,
    /** Until the breaker lets a trial call through; 0 when a trial may run now. */
    readonly retryAfterMs: number,
  ) {
    super(downstream, `${downstream} is failing; its circuit is open`);
  }
}
