import { RemoteError, RequestTimeoutError } from '@railyard/messaging';
import { BulkheadFullError } from '../errors/bulkhead-full.error';
import { CircuitOpenError } from '../errors/circuit-open.error';
import { DeadlineExceededError } from '../errors/deadline-exceeded.error';
import { ResilienceSettings } from '../settings/resilience-settings';
import { BreakerStateChange } from './breaker-state';
import { DownstreamPolicy } from './downstream-policy';

const settings = (overrides: Partial<ResilienceSettings> = {}): ResilienceSettings => ({
  attemptTimeoutMs: 100,
  budgetMs: 1_000,
  retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 40 },
  breaker: { failureThreshold: 3, recoveryMs: 5_000, successThreshold: 2 },
  bulkhead: { concurrency: 10, queue: 10, maxWaitMs: 5_000 },
  ...overrides,
});

const down = () => Promise.reject(new RequestTimeoutError('payment', 'p', 100));
const up = () => Promise.resolve('ok');
const hang = () => new Promise<never>(() => undefined);
const once = { idempotent: false };

/** Settles `promise` while advancing fake time, so timeouts and backoffs can fire. */
async function settle<T>(promise: Promise<T>, ms = 10_000): Promise<PromiseSettledResult<T>> {
  const settled = Promise.allSettled([promise]).then(([result]) => result);
  await jest.advanceTimersByTimeAsync(ms);
  return settled;
}

describe('DownstreamPolicy', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  describe('circuit breaker', () => {
    it('opens after N consecutive failures, then fails fast without calling', async () => {
      const policy = new DownstreamPolicy('payment', settings());
      for (let i = 0; i < 3; i++) await expect(policy.execute(down, once)).rejects.toThrow();
      expect(policy.breaker.state).toBe('open');
      const work = jest.fn(up);
      const refused = policy.execute(work, once);
      await expect(refused).rejects.toBeInstanceOf(CircuitOpenError);
      await expect(refused).rejects.toMatchObject({ downstream: 'payment', retryAfterMs: 5_000 });
      expect(work).not.toHaveBeenCalled();
    });

    it('is not tripped by deliberate answers, which reach the caller unchanged', async () => {
      const policy = new DownstreamPolicy('order', settings());
      const notFound = new RemoteError('order', 'ORDER_NOT_FOUND', 'no order');
      for (let i = 0; i < 5; i++) {
        await expect(policy.execute(() => Promise.reject(notFound), once)).rejects.toBe(notFound);
      }
      expect(policy.breaker.state).toBe('closed');
    });

    it('half-opens after the recovery time and closes after M successes', async () => {
      const policy = new DownstreamPolicy('payment', settings());
      const changes: BreakerStateChange[] = [];
      policy.breaker.onStateChange((change) => changes.push(change));
      for (let i = 0; i < 3; i++) await expect(policy.execute(down, once)).rejects.toThrow();

      jest.advanceTimersByTime(4_999);
      await expect(policy.execute(up, once)).rejects.toBeInstanceOf(CircuitOpenError);
      jest.advanceTimersByTime(1);
      const trial = jest.fn(up);
      await expect(policy.execute(trial, once)).resolves.toBe('ok');
      expect(trial).toHaveBeenCalledTimes(1);
      expect(policy.breaker.state).toBe('half-open');
      await expect(policy.execute(up, once)).resolves.toBe('ok');
      expect(policy.breaker.state).toBe('closed');
      expect(changes.map(({ from, to }) => `${from}→${to}`)).toEqual([
        'closed→open',
        'open→half-open',
        'half-open→closed',
      ]);
      expect(changes[0].reason).toContain('RequestTimeoutError');
    });

    it('opens again when a call on probation fails', async () => {
      const policy = new DownstreamPolicy('payment', settings());
      for (let i = 0; i < 3; i++) await expect(policy.execute(down, once)).rejects.toThrow();
      jest.advanceTimersByTime(5_000);
      await policy.execute(up, once);
      await expect(policy.execute(down, once)).rejects.toThrow(RequestTimeoutError);
      expect(policy.breaker.state).toBe('open');
      await expect(policy.execute(up, once)).rejects.toBeInstanceOf(CircuitOpenError);
    });

    it('opens again when the trial call fails', async () => {
      const policy = new DownstreamPolicy('payment', settings());
      for (let i = 0; i < 3; i++) await expect(policy.execute(down, once)).rejects.toThrow();
      jest.advanceTimersByTime(5_000);
      await expect(policy.execute(down, once)).rejects.toThrow(RequestTimeoutError);
      expect(policy.breaker.snapshot()).toMatchObject({ state: 'open', trialInMs: 5_000 });
    });
    it('can be held open by hand, and closes when released', async () => {
      const policy = new DownstreamPolicy('payment', settings());
      const hold = policy.breaker.isolate();
      expect(policy.breaker.state).toBe('isolated');
      await expect(policy.execute(up, once)).rejects.toBeInstanceOf(CircuitOpenError);
      hold.dispose();
      await expect(policy.execute(up, once)).resolves.toBe('ok');
      expect(policy.breaker.state).toBe('closed');
    });
  });

  describe('retry', () => {
    const retrying = settings({
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 40 },
      breaker: { failureThreshold: 100, recoveryMs: 5_000, successThreshold: 1 },
    });

    it('retries an idempotent call until it succeeds, within the attempt budget', async () => {
      const policy = new DownstreamPolicy('order', retrying);
      const work = jest.fn().mockRejectedValueOnce(new Error('reset')).mockResolvedValue('ok');
      expect(await settle(policy.execute(work, { idempotent: true }))).toEqual({
        status: 'fulfilled',
        value: 'ok',
      });
      expect(work).toHaveBeenCalledTimes(2);
    });

    it('never makes more than maxAttempts attempts', async () => {
      const policy = new DownstreamPolicy('order', retrying);
      const work = jest.fn(down);
      const result = await settle(policy.execute(work, { idempotent: true }));
      expect(result.status).toBe('rejected');
      expect(work).toHaveBeenCalledTimes(3);
    });

    it('backs off with jitter below the exponential cap', async () => {
      const policy = new DownstreamPolicy('order', retrying);
      const calledAt: number[] = [];
      const started = Date.now();
      await settle(
        policy.execute(
          () => {
            calledAt.push(Date.now() - started);
            return down();
          },
          { idempotent: true },
        ),
      );
      const waits = calledAt.slice(1).map((at, i) => at - calledAt[i]);
      expect(waits).toHaveLength(2);
      expect(waits[0]).toBeLessThan(10); // [0, base)
      expect(waits[1]).toBeLessThan(20); // [0, 2 × base)
    });

    it('does not retry a call that is not idempotent', async () => {
      const policy = new DownstreamPolicy('order', retrying);
      const work = jest.fn(down);
      await settle(policy.execute(work, once));
      expect(work).toHaveBeenCalledTimes(1);
    });

    it('does not retry deliberate answers', async () => {
      const policy = new DownstreamPolicy('order', retrying);
      const conflict = new RemoteError('order', 'IDEMPOTENCY_CONFLICT', 'used');
      const work = jest.fn(() => Promise.reject(conflict));
      expect(await settle(policy.execute(work, { idempotent: true }))).toEqual({
        status: 'rejected',
        reason: conflict,
      });
      expect(work).toHaveBeenCalledTimes(1);
    });

    it('stops retrying once the breaker opens', async () => {
      const policy = new DownstreamPolicy(
        'order',
        settings({
          retry: { maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 40 },
          breaker: { failureThreshold: 2, recoveryMs: 5_000, successThreshold: 1 },
        }),
      );
      const work = jest.fn(down);
      const result = await settle(policy.execute(work, { idempotent: true }));
      expect(result).toMatchObject({ status: 'rejected', reason: expect.any(CircuitOpenError) });
      expect(work).toHaveBeenCalledTimes(2);
    });

    it('ends a call whose attempts hang at its budget, and attempts no more after it', async () => {
      const policy = new DownstreamPolicy(
        'order',
        settings({
          attemptTimeoutMs: 100,
          budgetMs: 250,
          retry: { maxAttempts: 10, baseDelayMs: 1, maxDelayMs: 1 },
          breaker: { failureThreshold: 100, recoveryMs: 5_000, successThreshold: 1 },
        }),
      );
      const work = jest.fn(hang);
      const started = Date.now();
      let endedAt = 0;
      const call = policy.execute(work, { idempotent: true }).finally(() => (endedAt = Date.now()));
      const result = await settle(call, 1_000);
      expect(result).toMatchObject({
        status: 'rejected',
        reason: expect.any(DeadlineExceededError),
      });
      expect(endedAt - started).toBe(250);
      expect(work).toHaveBeenCalledTimes(3); // at 0, ~100 and ~200 ms
    });

    it('does not count an attempt the budget cancelled during its backoff', async () => {
      jest.spyOn(Math, 'random').mockReturnValue(0.99); // backoff ≈ its 100 ms cap
      const policy = new DownstreamPolicy(
        'order',
        settings({
          attemptTimeoutMs: 50,
          budgetMs: 50,
          retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 100 },
          breaker: { failureThreshold: 100, recoveryMs: 5_000, successThreshold: 1 },
        }),
      );
      const work = jest.fn(down);
      const result = await settle(policy.execute(work, { idempotent: true }), 1_000);
      expect(result).toMatchObject({
        status: 'rejected',
        reason: expect.any(DeadlineExceededError),
      });
      expect(work).toHaveBeenCalledTimes(1);
      expect(policy.breaker.snapshot().consecutiveFailures).toBe(1);
      jest.restoreAllMocks();
    });

    it('gives each attempt what is left of the budget as its timeout', async () => {
      const policy = new DownstreamPolicy(
        'order',
        settings({ attemptTimeoutMs: 100, budgetMs: 150, retry: retrying.retry }),
      );
      const timeouts: number[] = [];
      await settle(
        policy.execute(
          ({ timeoutMs }) => {
            timeouts.push(timeoutMs);
            return hang();
          },
          { idempotent: true },
        ),
      );
      expect(timeouts[0]).toBe(100);
      expect(timeouts[1]).toBeLessThanOrEqual(50);
    });
  });

  describe('timeout', () => {
    it('gives up on a hanging attempt and aborts its signal', async () => {
      const policy = new DownstreamPolicy('inventory', settings({ attemptTimeoutMs: 100 }));
      let signal: AbortSignal | undefined;
      const result = await settle(
        policy.execute((attempt) => {
          signal = attempt.signal;
          return hang();
        }, once),
        100,
      );
      expect(result).toMatchObject({
        status: 'rejected',
        reason: expect.any(DeadlineExceededError),
      });
      expect(signal?.aborted).toBe(true);
    });
  });

  describe('commands', () => {
    it('gives a command its own attempt timeout and budget, a read the short ones', async () => {
      const policy = new DownstreamPolicy(
        'order',
        settings({
          attemptTimeoutMs: 100,
          budgetMs: 150,
          commands: { attemptTimeoutMs: 400, budgetMs: 600 },
        }),
      );
      const seen: number[] = [];
      const record = async ({ timeoutMs }: { timeoutMs: number }) => void seen.push(timeoutMs);
      await policy.execute(record, { idempotent: false, command: true });
      await policy.execute(record, { idempotent: false });
      expect(seen).toEqual([400, 100]);
      const started = Date.now();
      const command = settle(policy.execute(hang, { idempotent: false, command: true }), 1_000);
      expect(await command).toMatchObject({ reason: expect.any(DeadlineExceededError) });
      expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    });
  });

  describe('bulkhead', () => {
    it('runs up to its concurrency, queues up to its limit and rejects past it', async () => {
      const policy = new DownstreamPolicy(
        'payment',
        settings({
          attemptTimeoutMs: 10_000,
          budgetMs: 10_000,
          bulkhead: { concurrency: 2, queue: 1, maxWaitMs: 5_000 },
        }),
      );
      const releases: Array<() => void> = [];
      const work = jest.fn(
        () => new Promise<string>((resolve) => releases.push(() => resolve('done'))),
      );
      const running = [policy.execute(work, once), policy.execute(work, once)];
      const queued = policy.execute(work, once);
      await expect(policy.execute(work, once)).rejects.toBeInstanceOf(BulkheadFullError);
      expect(policy.snapshot().bulkhead).toMatchObject({ running: 2, queued: 1 });
      expect(work).toHaveBeenCalledTimes(2);

      releases[0]();
      await jest.advanceTimersByTimeAsync(0);
      expect(work).toHaveBeenCalledTimes(3);
      releases.slice(1).forEach((release) => release());
      await expect(Promise.all([...running, queued])).resolves.toEqual(['done', 'done', 'done']);
    });

    it('does not spend the budget while queued: the budget starts with the slot', async () => {
      const policy = new DownstreamPolicy(
        'payment',
        settings({
          attemptTimeoutMs: 300,
          budgetMs: 300,
          bulkhead: { concurrency: 1, queue: 1, maxWaitMs: 5_000 },
        }),
      );
      const first = policy.execute(hang, once);
      void first.catch(() => undefined);
      await jest.advanceTimersByTimeAsync(200);
      const queuedAt = Date.now();
      let endedAt = 0;
      const queued = policy.execute(hang, once).finally(() => (endedAt = Date.now()));
      const result = await settle(queued, 1_000);
      expect(result).toMatchObject({
        status: 'rejected',
        reason: expect.any(DeadlineExceededError),
      });
      // 100 ms in the queue (the first call's budget ends at 300), then a whole 300 ms budget.
      expect(endedAt - queuedAt).toBe(400);
    });

    it('sheds a call that waited past maxWaitMs with BulkheadFullError, never tripping the breaker', async () => {
      const policy = new DownstreamPolicy(
        'order',
        settings({
          attemptTimeoutMs: 10_000,
          budgetMs: 10_000,
          breaker: { failureThreshold: 1, recoveryMs: 5_000, successThreshold: 1 },
          bulkhead: { concurrency: 1, queue: 10, maxWaitMs: 250 },
        }),
      );
      let release!: () => void;
      const slow = policy.execute(
        () => new Promise<string>((resolve) => (release = () => resolve('slow'))),
        once,
      );
      const waiting = Array.from({ length: 5 }, () => policy.execute(up, once));
      const results = await Promise.all(waiting.map((call) => settle(call, 300)));
      for (const result of results) {
        expect(result).toMatchObject({
          status: 'rejected',
          reason: expect.objectContaining({ code: 'BULKHEAD_FULL', reason: 'waited' }),
        });
      }
      expect(policy.snapshot().bulkhead).toMatchObject({ running: 1, queued: 0 });
      expect(policy.breaker.state).toBe('closed');
      release();
      await expect(slow).resolves.toBe('slow');
      await expect(policy.execute(up, once)).resolves.toBe('ok');
      expect(policy.snapshot().bulkhead).toMatchObject({ running: 0, queued: 0 });
    });

    it('hands a freed slot to the oldest waiter, and a waiter that gave up leaves the queue', async () => {
      const policy = new DownstreamPolicy(
        'order',
        settings({
          attemptTimeoutMs: 10_000,
          budgetMs: 10_000,
          bulkhead: { concurrency: 1, queue: 2, maxWaitMs: 100 },
        }),
      );
      const releases: Array<() => void> = [];
      const order: string[] = [];
      const work = (name: string) => () =>
        new Promise<string>((resolve) => releases.push(() => resolve(name))).finally(() =>
          order.push(name),
        );
      const first = policy.execute(work('first'), once);
      const gaveUp = policy.execute(work('gave up'), once);
      await expect(settle(gaveUp, 150)).resolves.toMatchObject({ status: 'rejected' });
      // Its place is free again: two more may queue.
      const second = policy.execute(work('second'), once);
      const third = policy.execute(work('third'), once);
      releases[0]();
      await jest.advanceTimersByTimeAsync(0);
      releases[1]();
      await jest.advanceTimersByTimeAsync(0);
      releases[2]();
      await expect(Promise.all([first, second, third])).resolves.toEqual([
        'first',
        'second',
        'third',
      ]);
      expect(order).toEqual(['first', 'second', 'third']);
    });
  });
});
