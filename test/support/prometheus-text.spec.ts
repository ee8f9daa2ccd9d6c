import { Counter, Histogram, Registry } from 'prom-client';
import { parsePrometheusText, sumOf } from './prometheus-text';

describe('parsePrometheusText', () => {
  it("reads prom-client's own output: counters, labels, histogram buckets", async () => {
    const registry = new Registry();
    const counter = new Counter({
      name: 'things_total',
      help: 'things',
      labelNames: ['kind'],
      registers: [registry],
    });
    const histogram = new Histogram({
      name: 'took_seconds',
      help: 'took',
      buckets: [0.1, 1],
      registers: [registry],
    });
    counter.inc({ kind: 'a "quoted" one' }, 2);
    counter.inc({ kind: 'b' });
    histogram.observe(0.5);

    const samples = parsePrometheusText(await registry.metrics());

    expect(sumOf(samples, 'things_total')).toBe(3);
    expect(sumOf(samples, 'things_total', { kind: 'a "quoted" one' })).toBe(2);
    expect(sumOf(samples, 'took_seconds_bucket', { le: '0.1' })).toBe(0);
    expect(sumOf(samples, 'took_seconds_bucket', { le: '+Inf' })).toBe(1);
    expect(sumOf(samples, 'took_seconds_count')).toBe(1);
  });

  it('refuses a line that is not a sample', () => {
    expect(() => parsePrometheusText('# HELP x y\nnot a sample line at all\n')).toThrow(
      'not a Prometheus sample',
    );
  });
});
