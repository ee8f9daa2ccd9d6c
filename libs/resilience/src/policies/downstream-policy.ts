import {
  BrokenCircuitError,
  IDisposable,
  IsolatedCircuitError,
  RetryPolicy,
  TaskCancelledError,
} from 'cockatiel';
import { BulkheadFullError } from '../errors/bulkhead-full.error';
import { CircuitOpenError } from '../errors/circuit-open.error';
import { DeadlineExceededError } from '../errors/deadline-exceeded.error';
import type { CallMeter } from '../metrics/call-meter';
import { failedCallOutcome } from '../metrics/call-outcome';
import type { ResilienceMetricFamilies } from '../metrics/resilience-metric-families';
import { ResilienceSettings } from '../settings/resilience-settings';
import { Bulkhead, BulkheadRefusedError } from './bulkhead';
import { CircuitBreaker } from './circuit-breaker';
import { isDeliberateAnswer } from './failure-classifier';
import {
  AttemptContext,
  ExecuteOptions,
  PolicySnapshot,
  ResiliencePolicy,
} from './resilience-policy';
import { retryPolicy } from './retry.policy';
import { TimeoutPolicy, timeoutPolicy } from './timeout.policy';

/** A deliberate answer travels through the policies as a value, so none counts or retries it. */
type Outcome<T> = { value: T } | { answer: unknown };

/** The time bounds of one kind of call (reads, or commands). */
interface Bounds {
  budgetMs: number;
  budget: TimeoutPolicy;
  attempt: TimeoutPolicy;
}

function bounds({ attemptTimeoutMs, budgetMs }: { attemptTimeoutMs: number; budgetMs: number }) {
  return { budgetMs, budget: timeoutPolicy(budgetMs), attempt: timeoutPolicy(attemptTimeoutMs) };
}

/**
 * The policies of one downstream, built once and shared by every call. Outermost first:
 * bulkhead (a slot, or a bounded wait in its queue) → budget timeout (the call once it holds a
 * slot) → retry (idempotent calls only) → circuit breaker (every attempt counts) → attempt
 * timeout → the work. Waiting for a slot is the gateway's own queueing: it is bounded apart
 * (`bulkhead.maxWaitMs`) and refused with BulkheadFullError (503 + Retry-After, load shed), and it
 * spends neither the budget nor an attempt's time, so a burst never reaches the breaker as the
 * downstream's failure (issue 13). Backoffs spend the budget. The breaker sits inside the retry so
 * that an opening circuit stops the remaining retries at once.
 */
export class DownstreamPolicy implements ResiliencePolicy {
  readonly breaker: CircuitBreaker;
  private readonly bulkhead: Bulkhead;
  private readonly retry: RetryPolicy;
  private readonly reads: Bounds;
  private readonly commands: Bounds;
  /** Set once metrics are exported: then each call is counted and timed by its outcome. */
  private meter?: CallMeter;
  private transitionsCounted?: IDisposable;

  constructor(
    readonly downstream: string,
    readonly settings: ResilienceSettings,
  ) {
    this.breaker = new CircuitBreaker(downstream, settings.breaker);
    const { concurrency, queue, maxWaitMs } = settings.bulkhead;
    this.bulkhead = new Bulkhead(concurrency, queue, maxWaitMs);
    this.retry = retryPolicy(settings.retry);
    this.reads = bounds(settings);
    this.commands = settings.commands ? bounds(settings.commands) : this.reads;
  }

  async execute<T>(
    work: (attempt: AttemptContext) => Promise<T>,
    { idempotent, command }: ExecuteOptions,
  ): Promise<T> {
    const meter = this.meter;
    // Read only when metered: an app without metrics pays nothing for them.
    const calledAt = meter ? performance.now() : 0;
    const limits = command ? this.commands : this.reads;
    const queuedAt = Date.now();
    let release: () => void;
    try {
      release = await this.bulkhead.acquire();
    } catch (error) {
      meter?.record('bulkhead_full', calledAt);
      throw this.refused(error as BulkheadRefusedError, Date.now() - queuedAt);
    }
    const started = Date.now();
    const deadline = started + limits.budgetMs;
    const runAttempt = ({ signal, attempt = 0 }: { signal: AbortSignal; attempt?: number }) => {
      // The budget ran out during a backoff: cockatiel's retry would still start this attempt,
      // and the breaker would count its cancellation as the downstream's failure.
      if (signal.aborted) return Promise.reject(new TaskCancelledError('budget spent'));
      return this.breaker.policy.execute(
        (breaker) =>
          limits.attempt.execute(
            (timeout) => this.run(work, { signal: timeout, attempt, deadline, limits }),
            breaker.signal,
          ),
        signal,
      );
    };
    let outcome: Outcome<T>;
    try {
      outcome = await limits.budget.execute((budget) =>
        idempotent ? this.retry.execute(runAttempt, budget) : runAttempt({ signal: budget }),
      );
    } catch (error) {
      meter?.record(failedCallOutcome(error), calledAt);
      throw this.translate(error, Date.now() - started);
    } finally {
      release();
    }
    if ('answer' in outcome) {
      meter?.record('deliberate_error', calledAt);
      throw outcome.answer;
    }
    meter?.record('success', calledAt);
    return outcome.value;
  }

  exportMetrics(families: ResilienceMetricFamilies): void {
    this.meter = families.callMeter(this.downstream);
    // Exported again (into another MetricsRegistry): its breaker is counted once, in the latest.
    this.transitionsCounted?.dispose();
    this.transitionsCounted = families.countTransitions(this.breaker);
  }

  /** One attempt of the work, with what is left of the budget as its own timeout. */
  private async run<T>(
    work: (attempt: AttemptContext) => Promise<T>,
    {
      signal,
      attempt,
      deadline,
      limits,
    }: { signal: AbortSignal; attempt: number; deadline: number; limits: Bounds },
  ): Promise<Outcome<T>> {
    const timeoutMs = Math.max(1, Math.min(limits.attempt.ms, deadline - Date.now()));
    try {
      return { value: await work({ signal, timeoutMs, attempt }) };
    } catch (error) {
      if (isDeliberateAnswer(error)) return { answer: error };
      throw error;
    }
  }

  snapshot(): PolicySnapshot {
    const { concurrency, queue } = this.settings.bulkhead;
    return {
      breaker: this.breaker.snapshot(),
      bulkhead: {
        running: this.bulkhead.running,
        queued: this.bulkhead.queued,
        concurrency,
        queue,
      },
    };
  }

  /** No slot: shed, never the downstream's failure (it was not called). */
  private refused(error: BulkheadRefusedError, waitedMs: number): unknown {
    if (!(error instanceof BulkheadRefusedError)) return error;
    const { concurrency, queue } = this.settings.bulkhead;
    return new BulkheadFullError(this.downstream, concurrency, queue, error.reason, waitedMs);
  }

  /** Cockatiel's own refusals become errors that name the downstream. */
  private translate(error: unknown, elapsedMs: number): unknown {
    if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) {
      return new CircuitOpenError(this.downstream, this.breaker.retryAfterMs());
    }
    if (error instanceof TaskCancelledError) {
      return new DeadlineExceededError(this.downstream, elapsedMs);
    }
    return error;
  }
}
