import { TaskCancelledError } from 'cockatiel';

/**
 * Gives up on a call after `ms`, or as soon as `parent` aborts. Aggressive: the caller gets a
 * `TaskCancelledError` at that moment even if the work ignores its abort signal (a bus request
 * cannot be recalled); the signal still tells cooperative work (fetch) to stop. The signal is
 * aborted at the deadline only, not when the work has returned: work that is over has nothing
 * left to stop. Unref'd: a pending timeout never holds a process open.
 *
 * Cockatiel's `timeout()` does the same with an event emitter, a derived controller, an abort
 * listener, a promise race and an executor per call; on the hot path that cost more than the rest
 * of the policy stack together (`npm run bench -- --only resilience`). This is one controller,
 * one timer and, under a parent, one listener.
 */
export class TimeoutPolicy {
  constructor(readonly ms: number) {}

  execute<T>(work: (signal: AbortSignal) => Promise<T>, parent?: AbortSignal): Promise<T> {
    const controller = new AbortController();
    if (parent?.aborted) {
      controller.abort();
      return Promise.reject(new TaskCancelledError('Operation cancelled'));
    }
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      /** The first outcome wins: the work's, the deadline's or the parent's abort. */
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        parent?.removeEventListener('abort', onParentAbort);
        outcome();
      };
      const expire = (reason: string) =>
        settle(() => {
          controller.abort();
          reject(new TaskCancelledError(reason));
        });
      const onParentAbort = () => expire('Operation cancelled');
      const timer = setTimeout(() => expire(`Operation timed out after ${this.ms}ms`), this.ms);
      timer.unref();
      parent?.addEventListener('abort', onParentAbort, { once: true });
      let running: Promise<T>;
      try {
        running = work(controller.signal);
      } catch (error) {
        running = Promise.reject(error);
      }
      running.then(
        (value) => settle(() => resolve(value)),
        (error: unknown) => settle(() => reject(error)),
      );
    });
  }
}

/** See TimeoutPolicy. */
export function timeoutPolicy(ms: number): TimeoutPolicy {
  return new TimeoutPolicy(ms);
}
