import { HttpException } from '@nestjs/common';
import {
  MessagingError,
  RemoteError,
  RequestTimeoutError,
  TransportUnavailableError,
} from '@railyard/messaging';
import { BrokenCircuitError, IsolatedCircuitError } from 'cockatiel';

/**
 * What an error may say about itself to the policies (e.g. an HTTP upstream's 5xx answer):
 * `downstreamFailure` — the downstream is at fault (counts towards its breaker);
 * `retryable` — another attempt may succeed.
 */
export interface FailureHints {
  readonly downstreamFailure?: boolean;
  readonly retryable?: boolean;
}

/**
 * Codes a service throws on purpose (CodedError: ORDER_NOT_FOUND, INVALID_MESSAGE...), and
 * DATA_REJECTED, what a service replies when its database refuses a write's data.
 */
const DELIBERATE_CODE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/**
 * An error the downstream meant to send: it proves the downstream is up, so it never trips a
 * breaker and is never retried (it would come back the same). Silence (timeouts, refused
 * connections) and crashes (a remote `TypeError`, `QueryFailedError`...) are failures.
 */
export function isDeliberateAnswer(error: unknown): boolean {
  const hinted = hint(error, 'downstreamFailure');
  if (hinted !== undefined) return !hinted;
  if (error instanceof RemoteError) return DELIBERATE_CODE.test(error.remoteCode);
  if (error instanceof HttpException) return error.getStatus() < 500;
  if (error instanceof RequestTimeoutError || error instanceof TransportUnavailableError) {
    return false;
  }
  // Other bus errors (message too large, invalid) are the caller's own doing.
  return error instanceof MessagingError;
}

/** A failure worth another attempt. An open circuit is not: it answers the same until it recovers. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) return false;
  return hint(error, 'retryable') ?? true;
}

function hint(error: unknown, key: keyof FailureHints): boolean | undefined {
  if (typeof error !== 'object' || error === null || !(key in error)) return undefined;
  const value = (error as Record<string, unknown>)[key];
  return typeof value === 'boolean' ? value : undefined;
}
