import { MessagingError } from './messaging.error';

/** No reply within the deadline. The remote side may still have done the work. */
export class RequestTimeoutError extends MessagingError {
  readonly code = 'REQUEST_TIMEOUT';

  constructor(
    readonly target: string,
    readonly pattern: string,
    readonly timeoutMs: number,
  ) {
    super(`no reply from ${target} to ${pattern} within ${timeoutMs} ms`);
  }
}
