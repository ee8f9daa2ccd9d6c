import { MetricsRegistry } from './metrics-registry';

describe('MetricsRegistry', () => {
  it('defines a metric once by name: a second definition is the same metric', async () => {
    const metrics = new MetricsRegistry();
    const first = metrics.counter({ name: 'jobs_total', help: 'jobs', labelNames: ['kind'] });
    const second = metrics.counter({ name: 'jobs_total', help: 'jobs', labelNames: ['kind'] });
    first.inc({ kind: 'a' });
    second.inc({ kind: 'a' });

    expect(second).toBe(first);
    expect(await metrics.metrics()).toContain('jobs_total{kind="a"} 2');
  });

  it('refuses a name already defined as another kind', () => {
    const metrics = new MetricsRegistry();
    metrics.counter({ name: 'jobs', help: 'jobs' });
    expect(() => metrics.gauge({ name: 'jobs', help: 'jobs' })).toThrow(
      'metric jobs is already defined as another kind',
    );
  });

  it("keeps each app's metrics apart in one process", async () => {
    const [one, other] = [new MetricsRegistry(), new MetricsRegistry()];
    one.counter({ name: 'jobs_total', help: 'jobs' }).inc(5);
    other.counter({ name: 'jobs_total', help: 'jobs' }).inc(1);
    expect(await one.metrics()).toContain('jobs_total 5');
    expect(await other.metrics()).toContain('jobs_total 1');
  });
});
