import {
  Counter,
  CounterConfiguration,
  Gauge,
  GaugeConfiguration,
  Histogram,
  HistogramConfiguration,
  Metric,
  Registry,
} from 'prom-client';

/**
 * One app's Prometheus metrics. An instance per Nest app, not prom-client's global registry: tests
 * and the bench run several apps in one process, and each must show only its own numbers.
 *
 * Defining a metric is idempotent by name, so each lib defines what it records next to the code
 * that records it, however many instances of that code an app holds (one saga per type, say).
 */
export class MetricsRegistry {
  readonly registry = new Registry();

  counter<L extends string>(config: Omit<CounterConfiguration<L>, 'registers'>): Counter<L> {
    return (
      this.defined(config.name, Counter) ?? new Counter({ ...config, registers: [this.registry] })
    );
  }

  gauge<L extends string>(config: Omit<GaugeConfiguration<L>, 'registers'>): Gauge<L> {
    return this.defined(config.name, Gauge) ?? new Gauge({ ...config, registers: [this.registry] });
  }

  histogram<L extends string>(config: Omit<HistogramConfiguration<L>, 'registers'>): Histogram<L> {
    return (
      this.defined(config.name, Histogram) ??
      new Histogram({ ...config, registers: [this.registry] })
    );
  }

  /** The exposition text, as `GET /metrics` answers it. */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private defined<M extends Metric>(
    name: string,
    kind: abstract new (...args: never[]) => M,
  ): M | undefined {
    const existing = this.registry.getSingleMetric(name);
    if (existing === undefined) return undefined;
    if (existing instanceof kind) return existing;
    throw new TypeError(`metric ${name} is already defined as another kind`);
  }
}

/** Seconds since `start` (a `performance.now()` reading): what Prometheus durations are in. */
export function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
}

/**
 * Buckets for work measured in seconds, from sub-millisecond handlers on loopback to a saga that
 * waits out a retry: Prometheus' defaults start at 5 ms, too coarse for the bus.
 */
export const DURATION_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];
