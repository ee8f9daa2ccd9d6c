import { RetryOptions } from '../config/messaging-options';

/**
 * Exponential backoff with "equal jitter": half the window fixed, half random. Replicas that failed
 * together spread out, yet no retry comes sooner than half its step.
 */
export function backoffDelay(attempt: number, retry: RetryOptions, random = Math.random): number {
  const window = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(window / 2 + random() * (window / 2));
}
