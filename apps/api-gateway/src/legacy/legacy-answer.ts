import { FailureHints } from '@railyard/resilience';

/** What the legacy application answered, read in full so it can be retried or passed on whole. */
export interface LegacyAnswer {
  status: number;
  headers: Array<[string, string | string[]]>;
  body: Buffer;
}

/**
 * A 5xx from the legacy application, thrown so its breaker counts it and (for 502, 503 and 504,
 * which say "try again") its retry repeats it. If it stays, the client gets the answer unchanged.
 */
export class LegacyServerError extends Error implements FailureHints {
  readonly downstreamFailure = true;
  readonly retryable: boolean;

  constructor(readonly answer: LegacyAnswer) {
    super(`legacy answered ${answer.status}`);
    this.name = 'LegacyServerError';
    this.retryable = [502, 503, 504].includes(answer.status);
  }
}
