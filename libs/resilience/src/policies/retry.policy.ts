import { ExponentialBackoff, fullJitterGenerator, handleWhen, retry, RetryPolicy } from 'cockatiel';
import { ResilienceSettings } from '../settings/resilience-settings';
import { isRetryable } from './failure-classifier';

/**
 * Retries a failed attempt after an exponential backoff with full jitter: retry n waits a random
 * time in [0, min(max, base × 2^(n-1))), so callers that failed together do not come back
 * together. Only for idempotent calls; the caller's budget, not this policy, bounds the total.
 */
export function retryPolicy(settings: ResilienceSettings['retry']): RetryPolicy {
  return retry(handleWhen(isRetryable), {
    maxAttempts: settings.maxAttempts - 1, // cockatiel counts retries, we count attempts
    backoff: new ExponentialBackoff({
      initialDelay: settings.baseDelayMs,
      maxDelay: settings.maxDelayMs,
      generator: fullJitterGenerator,
    }),
  }).dangerouslyUnref();
}
