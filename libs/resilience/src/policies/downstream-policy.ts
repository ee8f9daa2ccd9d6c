import {
  bulkhead,
  BulkheadPolicy,
  BulkheadRejectedError,
  BrokenCircuitError,
  IsolatedCircuitError,
  RetryPolicy,
  TaskCancelledError,
} from 'cockatiel';
import { BulkheadFullError } from '../errors/bulkhead-full.error';
import { CircuitOpenError } from '../errors/circuit-open.error';
import { DeadlineExceededError } from '../errors/deadline-exceeded.error';
import { ResilienceSettings } from '../settings/resilience-settings';
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

/**
 * The policies of one downstream, built once and shared by every call. Outermost first:
 * budget timeout (the whole call) → bulkhead (a slot, or a queue place) → retry (idempotent
 * calls only) → circuit breaker (every attempt counts) → attempt timeout → the work.
 * The budget sits outside so that waiting in the queue and backing off both spend it; the breaker
 * sits inside the retry so that an opening circuit stops the remaining retries at once.
 */
export class DownstreamPolicy implements ResiliencePolicy {
  readonly breaker: CircuitBreaker;
  private readonly bulkhead: BulkheadPolicy;
  private readonly budget: TimeoutPolicy;
  private readonly retry: RetryPolicy;
  private readonly attemptTimeout: TimeoutPolicy;

  constructor(
    readonly downstream: string,
    readonly settings: ResilienceSettings,
  ) {
    this.breaker = new CircuitBreaker(downstream, settings.breaker);
    this.bulkhead = bulkhead(settings.bulkhead.concurrency, settings.bulkhead.queue);
    this.budget = timeoutPolicy(settings.budgetMs);
    this.retry = retryPolicy(settings.retry);
    this.attemptTimeout = timeoutPolicy(settings.attemptTimeoutMs);
  }

  async execute<T>(
    work: (attempt: AttemptContext) => Promise<T>,
    { idempotent }: ExecuteOptions,
  ): Promise<T> {
    const started = Date.now();
    const deadline = started + this.settings.budgetMs;
    const runAttempt = ({ signal, attempt = 0 }: { signal: AbortSignal; attempt?: number }) => {
      // The budget ran out during a backoff: cockatiel's retry would still start this attempt,
      // and the breaker would count its cancellation as the downstream's failure.
      if (signal.aborted) return Promise.reject(new TaskCancelledError('budget spent'));
      return this.breaker.policy.execute(
        (breaker) =>
          this.attemptTimeout.execute(
            (timeout) => this.run(work, { signal: timeout, attempt, deadline }),
            breaker.signal,
          ),
        signal,
      );
    };
    let outcome: Outcome<T>;
    try {
      outcome = await this.budget.execute((budget) =>
        this.bulkhead.execute(
          (slot) => (idempotent ? this.retry.execute(runAttempt, slot.signal) : runAttempt(slot)),
          budget,
        ),
      );
    } catch (error) {
      throw this.translate(error, Date.now() - started);
    }
    if ('answer' in outcome) throw outcome.answer;
    return outcome.value;
  }

  /** One attempt of the work, with what is left of the budget as its own timeout. */
  private async run<T>(
    work: (attempt: AttemptContext) => Promise<T>,
    { signal, attempt, deadline }: { signal: AbortSignal; attempt: number; deadline: number },
  ): Promise<Outcome<T>> {
    const timeoutMs = Math.max(1, Math.min(this.settings.attemptTimeoutMs, deadline - Date.now()));
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
        running: concurrency - this.bulkhead.executionSlots,
        queued: queue - this.bulkhead.queueSlots,
        concurrency,
        queue,
      },
    };
  }

  /** Cockatiel's own refusals become errors that name the downstream. */
  private translate(error: unknown, elapsedMs: number): unknown {
    if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) {
      return new CircuitOpenError(this.downstream, this.breaker.retryAfterMs());
    }
    if (error instanceof BulkheadRejectedError) {
      const { concurrency, queue } = this.settings.bulkhead;
      return new BulkheadFullError(this.downstream, concurrency, queue);
    }
    if (error instanceof TaskCancelledError) {
      return new DeadlineExceededError(this.downstream, elapsedMs);
    }
    return error;
  }
}
