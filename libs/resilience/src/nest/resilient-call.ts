import { AsyncLocalStorage } from 'node:async_hooks';
import { AttemptContext, ResiliencePolicy } from '../policies/resilience-policy';

/** One request to a @Resilient handler: its downstream's policy and the attempt running now. */
export interface ResilientCall {
  policy: ResiliencePolicy;
  idempotent: boolean;
  /** A state-changing request: the downstream's command timeouts apply. */
  command: boolean;
  attempt?: AttemptContext;
  /** The guarded handler has started: a guarded method it calls in turn runs unguarded. */
  entered?: boolean;
}

/**
 * Carries the call from ResilienceInterceptor (which knows the HTTP request) across Nest's pipes
 * to the guarded handler method (which runs after them and knows neither).
 */
export const resilientCalls = new AsyncLocalStorage<ResilientCall>();

/**
 * What @CurrentAttempt() hands the handler: resolved with the other parameters, before the first
 * attempt starts, so it reads the attempt running at the moment it is read.
 */
export function currentAttemptOf(call: ResilientCall): AttemptContext {
  return {
    get signal() {
      return call.attempt?.signal as AbortSignal;
    },
    get timeoutMs() {
      return call.attempt?.timeoutMs as number;
    },
    get attempt() {
      return call.attempt?.attempt as number;
    },
  };
}
