import { Logger } from '@nestjs/common';
import { MetricsRegistry } from '@railyard/platform';
import { parsePrometheusText, sumOf } from '../../../../test/support/prometheus-text';
import { BacklogReading, BUS_BACKLOG_SAMPLE_MS, BusBacklogGauge } from './bus-backlog-gauge';

const BACKLOG = 'railyard_bus_backlog_messages';

/** A gauge on a fresh registry whose sampler answers what `next` says, when it says. */
function sampled() {
  const registry = new MetricsRegistry();
  const logger = new Logger('backlog-spec');
  const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
  jest.spyOn(logger, 'log').mockImplementation(() => undefined);
  let calls = 0;
  let next: () => Promise<BacklogReading> = async () => ({ samples: [], failed: [] });
  new BusBacklogGauge(
    registry,
    () => {
      calls++;
      return next();
    },
    logger,
  );
  const scrape = async () => {
    const started = performance.now();
    const samples = parsePrometheusText(await registry.metrics());
    return { samples, ms: performance.now() - started };
  };
  return {
    scrape,
    warn,
    calls: () => calls,
    answer: (reading: () => Promise<BacklogReading>) => (next = reading),
  };
}

const reading = (messages: Record<string, number>, failed: string[] = []): BacklogReading => ({
  samples: Object.entries(messages).map(([source, n]) => ({
    kind: 'event' as const,
    source,
    messages: n,
  })),
  failed,
});

describe('the bus backlog gauge', () => {
  it('shows what the sampler read, per kind and source, at each scrape', async () => {
    const gauge = sampled();
    gauge.answer(async () => reading({ 'svc.events.0': 3, 'svc.events.1': 0 }));
    const { samples } = await gauge.scrape();
    expect(sumOf(samples, BACKLOG, { kind: 'event', source: 'svc.events.0' })).toBe(3);
    expect(sumOf(samples, BACKLOG, { kind: 'event', source: 'svc.events.1' })).toBe(0);

    gauge.answer(async () => reading({ 'svc.events.0': 1 }));
    expect(sumOf((await gauge.scrape()).samples, BACKLOG)).toBe(1);
    expect(gauge.calls()).toBe(2);
  });

  it('keeps the last values of sources that failed, and warns once per outage', async () => {
    const gauge = sampled();
    gauge.answer(async () => reading({ a: 5, b: 7 }));
    await gauge.scrape();

    gauge.answer(async () => reading({ a: 2 }, ['b: 404 NOT_FOUND']));
    let { samples } = await gauge.scrape();
    expect(sumOf(samples, BACKLOG, { source: 'a' })).toBe(2);
    expect(sumOf(samples, BACKLOG, { source: 'b' })).toBe(7);

    gauge.answer(() => Promise.reject(new Error('not connected')));
    ({ samples } = await gauge.scrape());
    expect(sumOf(samples, BACKLOG)).toBe(9);
    expect(gauge.warn).toHaveBeenCalledTimes(1);
    expect(gauge.warn.mock.calls[0][0]).toContain('b: 404 NOT_FOUND');
  });

  it('answers the scrape within its bound when the broker does not, with the last values; the late reading lands later', async () => {
    const gauge = sampled();
    gauge.answer(async () => reading({ a: 1 }));
    await gauge.scrape();

    let finish!: (r: BacklogReading) => void;
    gauge.answer(() => new Promise((resolve) => (finish = resolve)));
    const late = await gauge.scrape();
    expect(late.ms).toBeGreaterThanOrEqual(BUS_BACKLOG_SAMPLE_MS - 50);
    expect(late.ms).toBeLessThan(BUS_BACKLOG_SAMPLE_MS + 500);
    expect(sumOf(late.samples, BACKLOG)).toBe(1);
    expect(gauge.warn).toHaveBeenCalledWith(expect.stringContaining('no answer in'));

    // Still running: the next scrape waits on the same sampling instead of starting another.
    const next = gauge.scrape();
    finish(reading({ a: 4 }));
    expect(sumOf((await next).samples, BACKLOG)).toBe(4);
    expect(gauge.calls()).toBe(2);
  });
});
