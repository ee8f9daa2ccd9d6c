import { ResilienceError } from './resilience.error';

/**
 * Refused without calling (load shed): every slot for the downstream was taken and either the
 * queue was full or the call waited in it past `bulkhead.maxWaitMs`. The gateway's own queueing,
 * never counted as the downstream's failure.
 */
export class BulkheadFullError extends ResilienceError {
  readonly code = 'BULKHEAD_FULL';
  /** A client may try again after about this long: slots turn over within an attempt. */
  readonly retryAfterMs = 1_000;

  constructor(
    downstream: string,
    readonly concurrency: number,
    readonly queue: number,
    readonly reason: 'full' | 'waited' = 'full',
    readonly waitedMs = 0,
  ) {
    super(
      downstream,
      reason === 'full'
        ? `${downstream} already has ${concurrency} calls running and ${queue} waiting`
        : `${downstream} had no free slot of ${concurrency} within ${waitedMs} ms`,
    );
  }
}
