import {
  AttemptContext,
  ExecuteOptions,
  PolicySnapshot,
  ResiliencePolicy,
} from './resilience-policy';
import { DEFAULT_RESILIENCE_SETTINGS, ResilienceSettings } from '../settings/resilience-settings';

/**
 * A policy that guards nothing: one attempt, no timeout, a circuit that never opens. For specs of
 * code that uses the registry, where real timers and breakers would only add noise.
 */
export class PassThroughPolicy implements ResiliencePolicy {
  readonly calls: ExecuteOptions[] = [];

  constructor(
    readonly downstream: string,
    readonly settings: ResilienceSettings = DEFAULT_RESILIENCE_SETTINGS,
  ) {}

  execute<T>(work: (attempt: AttemptContext) => Promise<T>, options: ExecuteOptions): Promise<T> {
    this.calls.push(options);
    const signal = new AbortController().signal;
    return work({ signal, timeoutMs: this.settings.attemptTimeoutMs, attempt: 0 });
  }

  snapshot(): PolicySnapshot {
    const { concurrency, queue } = this.settings.bulkhead;
    return {
      breaker: { state: 'closed', consecutiveFailures: 0 },
      bulkhead: { running: 0, queued: 0, concurrency, queue },
    };
  }
}
