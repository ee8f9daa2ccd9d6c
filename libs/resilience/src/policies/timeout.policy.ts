import { timeout, TimeoutPolicy, TimeoutStrategy } from 'cockatiel';

/**
 * Gives up on a call after `ms`. Aggressive: the caller gets its answer at the deadline even if
 * the work ignores the abort signal (a bus request cannot be recalled); the signal still tells
 * cooperative work (fetch) to stop. The signal is aborted at the deadline only, not also when the
 * work has returned (`abortOnReturn: false`): work that is over has nothing left to stop, and
 * aborting costs a DOMException with its stack per layer per call (half of the policy's cost,
 * measured by `npm run bench -- --only resilience`). Unref'd: a pending timeout never holds a
 * process open.
 */
export function timeoutPolicy(ms: number): TimeoutPolicy {
  return timeout(ms, {
    strategy: TimeoutStrategy.Aggressive,
    abortOnReturn: false,
  }).dangerouslyUnref();
}
