import { backoffDelay } from '@railyard/messaging';
import { isPermanentPublishFailure } from './is-permanent-publish-failure';
import { OutboxRelayOptions } from './outbox-relay.options';

export type PublishFailureDecision =
  { park: true; reason: string } | { park: false; retryAfter: string };

/**
 * What a failed row becomes: parked (a permanent failure, or OUTBOX_PARK_AFTER_ATTEMPTS transient
 * ones), or held with its aggregate until `retryAfter`. `attempts` counts this failure.
 */
export function decidePublishFailure(
  error: Error,
  attempts: number,
  options: Pick<OutboxRelayOptions, 'retryBaseMs' | 'retryMaxMs' | 'parkAfterAttempts'>,
  now = Date.now(),
  random = Math.random,
): PublishFailureDecision {
  if (isPermanentPublishFailure(error)) return { park: true, reason: error.message };
  if (options.parkAfterAttempts > 0 && attempts >= options.parkAfterAttempts) {
    return { park: true, reason: `${attempts} attempts failed; last: ${error.message}` };
  }
  const retry = {
    maxAttempts: 0,
    baseDelayMs: options.retryBaseMs,
    maxDelayMs: options.retryMaxMs,
  };
  return {
    park: false,
    retryAfter: new Date(now + backoffDelay(attempts, retry, random)).toISOString(),
  };
}
