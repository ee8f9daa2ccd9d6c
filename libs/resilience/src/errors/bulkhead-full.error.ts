import { ResilienceError } from './resilience.error';

/** Refused without calling: every slot and queue place for the downstream is taken. */
export class BulkheadFullError extends ResilienceError {
  readonly code = 'BULKHEAD_FULL';

  constructor(
    downstream: string,
    readonly concurrency: number,
    readonly queue: number,
  ) {
    super(
      downstream,
      `${downstream} already has ${concurrency} calls running and ${queue} waiting`,
    );
  }
}
