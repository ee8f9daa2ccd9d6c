import { MetricsRegistry } from '@railyard/platform';
import { RemoteError, RequestTimeoutError } from '@railyard/messaging';
import { BulkheadFullError } from '../errors/bulkhead-full.error';
import { CircuitOpenError } from '../errors/circuit-open.error';
import { DeadlineExceededError } from '../errors/deadline-exceeded.error';
import { DownstreamPolicy } from '../policies/downstream-policy';
import { ResilienceSettings } from '../settings/resilience-settings';
import { sampleValue, samplesBy } from '../testing/metric-samples';
import { ResilienceMetricFamilies } from './resilience-metric-families';

const settings = (overrides: Partial<ResilienceSettings> = {}): ResilienceSettings => ({
  attemptTimeoutMs: 100,
  budgetMs: 1_000,
  retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 40 },
  breaker: { failureThreshold: 3, recoveryMs: 5_000, successThreshold: 2 },
  bulkhead: { concurrency: 1, queue: 0, maxWaitMs: 5_000 },
  ...overrides,
});

const once = { idempotent: false };
const up = () => Promise.resolve('ok');
const down = () => Promise.reject(new RequestTimeoutError('order', 'o', 100));
const hang = () => new Promise<never>(() => undefined);

const CALLS = 'railyard_downstream_calls_total';
const DURATION = 'railyard_downstream_call_duration_seconds';

/** Settles `promise` while advancing fake time, so timeouts and backoffs can fire. */
async function settle<T>(promise: Promise<T>, ms = 10_000): Promise<PromiseSettledResult<T>> {
  const settled = Promise.allSettled([promise]).then(([result]) => result);
  await jest.advanceTimersByTimeAsync(ms);
  return settled;
}

describe('calls counted and timed through a DownstreamPolicy', () => {
  let metrics: MetricsRegistry;

  const metered = (overrides: Partial<ResilienceSettings> = {}) => {
    const policy = new DownstreamPolicy('order', settings(overrides));
    policy.exportMetrics(ResilienceMetricFamilies.of(metrics));
    return policy;
  };
  const calls = () => samplesBy(metrics, CALLS, 'outcome', { downstream: 'order' });
  const timed = (outcome: string, part: 'count' | 'sum') =>
    sampleValue(metrics, `${DURATION}_${part}`, { downstream: 'order', outcome });

  beforeEach(() => {
    jest.useFakeTimers();
    metrics = new MetricsRegistry();
  });
  afterEach(() => jest.useRealTimers());

  it('has every outcome at 0 before the first call', async () => {
    metered();
    expect(await calls()).toEqual({
      success: 0,
      deliberate_error: 0,
      failure: 0,
      timeout: 0,
      circuit_open: 0,
      bulkhead_full: 0,
    });
  });

  it('counts successes, deliberate answers and failures apart', async () => {
    const policy = metered();
    await policy.execute(up, once);
    await policy.execute(up, once);
    const notFound = new RemoteError('order', 'ORDER_NOT_FOUND', 'no order');
    await expect(policy.execute(() => Promise.reject(notFound), once)).rejects.toBe(notFound);
    await expect(policy.execute(down, once)).rejects.toBeInstanceOf(RequestTimeoutError);

    expect(await calls()).toMatchObject({ success: 2, deliberate_error: 1, failure: 1 });
    expect(await timed('success', 'count')).toBe(2);
    expect(await timed('deliberate_error', 'count')).toBe(1);
    expect(await timed('failure', 'count')).toBe(1);
  });

  it('counts a call that ran out of time as a timeout, timed as long as it waited', async () => {
    const policy = metered();
    const result = await settle(policy.execute(hang, once));
    expect(result).toMatchObject({ status: 'rejected', reason: expect.any(DeadlineExceededError) });
    expect(await calls()).toMatchObject({ timeout: 1, failure: 0 });
    // Fake time: the call waited its 100 ms attempt timeout, give or take the clock's rounding.
    const seconds = (await timed('timeout', 'sum'))!;
    expect(seconds).toBeGreaterThanOrEqual(0.099);
    expect(seconds).toBeLessThan(0.2);
    expect(
      await sampleValue(metrics, `${DURATION}_bucket`, {
        downstream: 'order',
        outcome: 'timeout',
        le: 0.05,
      }),
    ).toBe(0);
  });

  it('counts calls refused by the open circuit, not as failures', async () => {
    const policy = metered();
    for (let i = 0; i < 3; i++) await expect(policy.execute(down, once)).rejects.toThrow();
    const work = jest.fn(up);
    await expect(policy.execute(work, once)).rejects.toBeInstanceOf(CircuitOpenError);
    await expect(policy.execute(work, once)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(work).not.toHaveBeenCalled();
    expect(await calls()).toMatchObject({ failure: 3, circuit_open: 2 });
  });

  it('counts calls shed by a full bulkhead', async () => {
    const policy = metered();
    let finish!: () => void;
    const holding = policy.execute(() => new Promise<void>((resolve) => (finish = resolve)), once);
    await expect(policy.execute(up, once)).rejects.toBeInstanceOf(BulkheadFullError);
    await expect(policy.execute(up, once)).rejects.toBeInstanceOf(BulkheadFullError);
    expect(await calls()).toMatchObject({ bulkhead_full: 2, success: 0 });
    finish();
    await holding;
    expect(await calls()).toMatchObject({ bulkhead_full: 2, success: 1 });
    expect(await timed('bulkhead_full', 'count')).toBe(2);
  });

  it('counts a retried call once, by how it ended', async () => {
    const policy = metered({
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 40 },
      breaker: { failureThreshold: 100, recoveryMs: 5_000, successThreshold: 1 },
    });
    const work = jest
      .fn()
      .mockRejectedValueOnce(new Error('reset'))
      .mockRejectedValueOnce(new Error('reset'))
      .mockResolvedValue('ok');
    expect(await settle(policy.execute(work, { idempotent: true }))).toMatchObject({
      status: 'fulfilled',
    });
    expect(work).toHaveBeenCalledTimes(3);
    expect(await calls()).toMatchObject({ success: 1, failure: 0 });
  });

  it('counts a call whose circuit opened between its retries as refused', async () => {
    const policy = metered({
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 40 },
      breaker: { failureThreshold: 2, recoveryMs: 5_000, successThreshold: 1 },
    });
    const work = jest.fn(down);
    const result = await settle(policy.execute(work, { idempotent: true }));
    expect(result).toMatchObject({ status: 'rejected', reason: expect.any(CircuitOpenError) });
    expect(work).toHaveBeenCalledTimes(2);
    expect(await calls()).toMatchObject({ circuit_open: 1, failure: 0 });
  });

  it("counts another downstream's open circuit, thrown by the work, as this call's failure", async () => {
    const policy = metered();
    const nested = new CircuitOpenError('payment', 1_000);
    await expect(policy.execute(() => Promise.reject(nested), once)).rejects.toBe(nested);
    expect(await calls()).toMatchObject({ failure: 1, circuit_open: 0 });
  });

  it('records nothing for a policy whose metrics were never exported', async () => {
    const unmetered = new DownstreamPolicy('order', settings());
    metered();
    await unmetered.execute(up, once);
    expect(await calls()).toMatchObject({ success: 0 });
  });
});
