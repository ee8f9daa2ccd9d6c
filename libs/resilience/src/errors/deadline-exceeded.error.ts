import { ResilienceError } from './resilience.error';

/** No answer within the call's time: an attempt or the whole budget ran out. */
export class DeadlineExceededError extends ResilienceError {
  readonly code = 'DEADLINE_EXCEEDED';

  constructor(
    downstream: string,
    readonly afterMs: number,
  ) {
    super(downstream, `no answer from ${downstream} within ${afterMs} ms`);
  }
}
