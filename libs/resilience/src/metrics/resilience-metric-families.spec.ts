import { Logger } from '@nestjs/common';
import { MetricsRegistry } from '@railyard/platform';
import { RequestTimeoutError } from '@railyard/messaging';
import { BulkheadFullError } from '../errors/bulkhead-full.error';
import { PassThroughPolicy } from '../policies/pass-through.policy';
import { ResilienceRegistry } from '../registry/resilience-registry';
import { ResilienceSettings } from '../settings/resilience-settings';
import { sampleValue, samplesBy } from '../testing/metric-samples';

const settings: ResilienceSettings = {
  attemptTimeoutMs: 100,
  budgetMs: 1_000,
  retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 40 },
  breaker: { failureThreshold: 3, recoveryMs: 5_000, successThreshold: 2 },
  bulkhead: { concurrency: 1, queue: 1, maxWaitMs: 5_000 },
};

const once = { idempotent: false };
const down = () => Promise.reject(new RequestTimeoutError('payment', 'p', 100));
const up = () => Promise.resolve('ok');

/** Work that runs until `finish()`: it holds its bulkhead slot meanwhile. */
function heldOpen() {
  let finish!: () => void;
  const done = new Promise<string>((resolve) => (finish = () => resolve('ok')));
  return { work: () => done, finish };
}

describe('ResilienceMetricFamilies', () => {
  let metrics: MetricsRegistry;
  let registry: ResilienceRegistry;

  const breakerStates = (downstream: string) =>
    samplesBy(metrics, 'railyard_breaker_state', 'state', { downstream });
  const transitions = (downstream: string) =>
    samplesBy(metrics, 'railyard_breaker_transitions_total', 'to', { downstream });

  beforeEach(() => {
    jest.useFakeTimers();
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    metrics = new MetricsRegistry();
    registry = ResilienceRegistry.fromSettings(
      { payment: settings, order: settings },
      new Logger('test'),
    );
    registry.exportMetrics(metrics);
  });
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  describe('breaker state', () => {
    it('shows every configured downstream closed before any call', async () => {
      for (const downstream of ['payment', 'order']) {
        expect(await breakerStates(downstream)).toEqual({
          closed: 1,
          'half-open': 0,
          open: 0,
          isolated: 0,
        });
      }
    });

    it('follows the circuit as failures open it and successes close it again', async () => {
      const payment = registry.get('payment');
      for (let i = 0; i < 3; i++) await expect(payment.execute(down, once)).rejects.toThrow();
      expect(await breakerStates('payment')).toEqual({
        closed: 0,
        'half-open': 0,
        open: 1,
        isolated: 0,
      });
      // Another downstream's circuit is its own.
      expect(
        await sampleValue(metrics, 'railyard_breaker_state', {
          downstream: 'order',
          state: 'closed',
        }),
      ).toBe(1);

      jest.advanceTimersByTime(5_000);
      await payment.execute(up, once);
      expect(await breakerStates('payment')).toMatchObject({ 'half-open': 1, open: 0 });
      await payment.execute(up, once);
      expect(await breakerStates('payment')).toMatchObject({ closed: 1, 'half-open': 0 });
    });

    it('counts each change, so an opening between two scrapes is not lost', async () => {
      expect(await transitions('payment')).toEqual({
        closed: 0,
        'half-open': 0,
        open: 0,
        isolated: 0,
      });
      const payment = registry.get('payment');
      for (let i = 0; i < 3; i++) await expect(payment.execute(down, once)).rejects.toThrow();
      jest.advanceTimersByTime(5_000);
      await payment.execute(up, once);
      await payment.execute(up, once);
      expect(await transitions('payment')).toEqual({
        closed: 1,
        'half-open': 1,
        open: 1,
        isolated: 0,
      });
      expect(await breakerStates('payment')).toMatchObject({ closed: 1, open: 0 });
    });

    it('is in the exposition text Prometheus scrapes', async () => {
      const payment = registry.get('payment');
      for (let i = 0; i < 3; i++) await expect(payment.execute(down, once)).rejects.toThrow();
      const text = await metrics.metrics();
      expect(text).toContain('# TYPE railyard_breaker_state gauge');
      expect(text).toContain('railyard_breaker_state{downstream="payment",state="open"} 1');
      expect(text).toContain('railyard_breaker_state{downstream="payment",state="closed"} 0');
      expect(text).toContain(
        'railyard_breaker_transitions_total{downstream="payment",to="open"} 1',
      );
    });
  });

  describe('bulkhead', () => {
    it('shows the slots in use and the calls queued, then their release', async () => {
      const payment = registry.get('payment');
      const first = heldOpen();
      const running = payment.execute(first.work, once);
      const waiting = payment.execute(up, once);
      await expect(payment.execute(up, once)).rejects.toBeInstanceOf(BulkheadFullError);
      expect(
        await sampleValue(metrics, 'railyard_bulkhead_active', { downstream: 'payment' }),
      ).toBe(1);
      expect(
        await sampleValue(metrics, 'railyard_bulkhead_queued', { downstream: 'payment' }),
      ).toBe(1);
      expect(await sampleValue(metrics, 'railyard_bulkhead_active', { downstream: 'order' })).toBe(
        0,
      );

      first.finish();
      await expect(Promise.all([running, waiting])).resolves.toEqual(['ok', 'ok']);
      expect(
        await sampleValue(metrics, 'railyard_bulkhead_active', { downstream: 'payment' }),
      ).toBe(0);
      expect(
        await sampleValue(metrics, 'railyard_bulkhead_queued', { downstream: 'payment' }),
      ).toBe(0);
    });
  });

  it('samples every registry exported into one app, whatever policy it holds', async () => {
    const legacy = new ResilienceRegistry([new PassThroughPolicy('legacy')]);
    legacy.exportMetrics(metrics);
    const payment = registry.get('payment');
    for (let i = 0; i < 3; i++) await expect(payment.execute(down, once)).rejects.toThrow();
    expect(await breakerStates('legacy')).toMatchObject({ closed: 1, open: 0 });
    expect(await breakerStates('payment')).toMatchObject({ closed: 0, open: 1 });
  });

  it("keeps each app's downstreams to that app's metrics", async () => {
    const otherApp = new MetricsRegistry();
    const otherRegistry = ResilienceRegistry.fromSettings(
      { payment: settings },
      new Logger('test'),
    );
    otherRegistry.exportMetrics(otherApp);
    const payment = registry.get('payment');
    for (let i = 0; i < 3; i++) await expect(payment.execute(down, once)).rejects.toThrow();
    await otherRegistry.get('payment').execute(up, once);

    expect(await breakerStates('payment')).toMatchObject({ closed: 0, open: 1 });
    expect(
      await samplesBy(otherApp, 'railyard_breaker_state', 'state', { downstream: 'payment' }),
    ).toMatchObject({ closed: 1, open: 0 });
    expect(
      await sampleValue(otherApp, 'railyard_bulkhead_active', { downstream: 'order' }),
    ).toBeUndefined();
  });
});
