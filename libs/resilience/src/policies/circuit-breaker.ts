import {
  circuitBreaker,
  CircuitBreakerPolicy,
  CircuitState,
  handleAll,
  IDisposable,
} from 'cockatiel';
import { ResilienceSettings } from '../settings/resilience-settings';
import { BreakerSnapshot, BreakerState, BreakerStateChange } from './breaker-state';
import { ProbationBreaker } from './probation.breaker';

type Listener = (change: BreakerStateChange) => void;

/**
 * One downstream's circuit: cockatiel's breaker policy driven by a ProbationBreaker, with the
 * state reported as callers see it (probation is half-open) and every change announced once.
 * Everything thrown inside counts as a failure: callers keep deliberate answers out of it.
 */
export class CircuitBreaker {
  private readonly counter: ProbationBreaker;
  /** Cockatiel's policy, to compose with others (`wrap`). */
  readonly policy: CircuitBreakerPolicy;
  private readonly listeners = new Set<Listener>();
  private reported: BreakerState = 'closed';
  private openedAt?: number;

  constructor(
    readonly downstream: string,
    private readonly settings: ResilienceSettings['breaker'],
  ) {
    this.counter = new ProbationBreaker(settings.failureThreshold, settings.successThreshold, () =>
      this.announce(),
    );
    this.policy = circuitBreaker(handleAll, {
      halfOpenAfter: settings.recoveryMs,
      breaker: this.counter,
    });
    this.policy.onBreak(() => (this.openedAt = Date.now()));
    this.policy.onStateChange(() => this.announce());
  }

  get state(): BreakerState {
    switch (this.policy.state) {
      case CircuitState.Open:
        return 'open';
      case CircuitState.HalfOpen:
        return 'half-open';
      case CircuitState.Isolated:
        return 'isolated';
      default:
        return this.counter.onProbation ? 'half-open' : 'closed';
    }
  }

  /** Holds the circuit open by hand (e.g. a downstream in maintenance) until disposed. */
  isolate(): IDisposable {
    return this.policy.isolate();
  }

  onStateChange(listener: Listener): IDisposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Until a trial call may run; 0 unless the circuit is open. */
  retryAfterMs(): number {
    if (this.policy.state !== CircuitState.Open || this.openedAt === undefined) return 0;
    return Math.max(0, this.openedAt + this.settings.recoveryMs - Date.now());
  }

  snapshot(): BreakerSnapshot {
    const state = this.state;
    const lastFailure = this.describeLastFailure();
    return {
      state,
      consecutiveFailures: this.counter.consecutiveFailures,
      ...(this.openedAt !== undefined ? { openedAt: new Date(this.openedAt).toISOString() } : {}),
      ...(state === 'open' ? { trialInMs: this.retryAfterMs() } : {}),
      ...(lastFailure ? { lastFailure } : {}),
    };
  }

  private announce(): void {
    const to = this.state;
    if (to === this.reported) return;
    const change: BreakerStateChange = { downstream: this.downstream, from: this.reported, to };
    this.reported = to;
    if (to === 'open') change.reason = this.describeLastFailure();
    for (const listener of this.listeners) listener(change);
  }

  private describeLastFailure(): string | undefined {
    const last = this.policy.lastFailure;
    if (!last) return undefined;
    if ('error' in last) return `${last.error.name}: ${last.error.message}`;
    return 'a result counted as failure';
  }
}
