import { timeout, TimeoutPolicy, TimeoutStrategy } from 'cockatiel';

/**
 * Gives up on a call after `ms`. Aggressive: the caller gets its answer at the deadline even if
 * the work ignores the abort signal (a bus request cannot be recalled); the signal still tells
 * cooperative work (fetch) to stop. Unref'd: a pending timeout never holds a process open.
 */
export function timeoutPolicy(ms: number): TimeoutPolicy {
  return timeout(ms, TimeoutStrategy.Aggressive).dangerouslyUnref();
}
