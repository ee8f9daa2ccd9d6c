import { IDisposable } from 'cockatiel';
import { Counter, Histogram } from 'prom-client';
import { DURATION_BUCKETS, MetricsRegistry } from '@railyard/platform';
import { BREAKER_STATES } from '../policies/breaker-state';
import type { CircuitBreaker } from '../policies/circuit-breaker';
import type { PolicySnapshot } from '../policies/resilience-policy';
import { CallMeter } from './call-meter';

/** What the gauges read at each scrape: a ResilienceRegistry. */
export interface SampledPolicies {
  snapshot(): Record<string, PolicySnapshot>;
}

const familiesOf = new WeakMap<MetricsRegistry, ResilienceMetricFamilies>();

/**
 * The resilience lib's Prometheus metrics in one app. Labels are bounded by construction: the
 * downstream is a name from the app's ResilienceModule config (never from a request), states and
 * outcomes are fixed sets.
 *
 * Breaker and bulkhead gauges are sampled when Prometheus scrapes (gauge `collect`), from the
 * policies' own state: nothing on the call path keeps them up to date. A breaker that opened and
 * closed between two scrapes is still seen, in `railyard_breaker_transitions_total`.
 */
export class ResilienceMetricFamilies {
  private readonly calls: Counter<'downstream' | 'outcome'>;
  private readonly callDuration: Histogram<'downstream' | 'outcome'>;
  private readonly transitions: Counter<'downstream' | 'to'>;
  private readonly sources = new Set<SampledPolicies>();
  private readonly meters = new Map<string, CallMeter>();

  /**
   * The families of `metrics`, one set per registry: a metric is defined once by name, and its
   * `collect` is the first definer's, so a second ResilienceRegistry exported into the same app
   * must add its policies to the same sources rather than to gauges nobody samples.
   */
  static of(metrics: MetricsRegistry): ResilienceMetricFamilies {
    let families = familiesOf.get(metrics);
    if (!families) {
      families = new ResilienceMetricFamilies(metrics);
      familiesOf.set(metrics, families);
    }
    return families;
  }

  private constructor(metrics: MetricsRegistry) {
    // One series per state, 1 for the current one, rather than one series valued 0/1/2: it is
    // Prometheus' way of exposing an enum. A state is selected by name (`{state="open"} == 1`),
    // `sum by (state)` counts downstreams per state, `avg_over_time` is the share of time spent
    // in a state (an average of 0/1/2 means nothing), and `isolated` fits without renumbering.
    const breakerState = metrics.gauge({
      name: 'railyard_breaker_state',
      help: "Each downstream's circuit: 1 for the state it is in, 0 for the others",
      labelNames: ['downstream', 'state'],
      collect: () => {
        this.eachPolicy((downstream, { breaker }) => {
          for (const state of BREAKER_STATES) {
            breakerState.set({ downstream, state }, breaker.state === state ? 1 : 0);
          }
        });
      },
    });
    const active = metrics.gauge({
      name: 'railyard_bulkhead_active',
      help: "Calls holding one of a downstream's bulkhead slots",
      labelNames: ['downstream'],
      collect: () => {
        this.eachPolicy((downstream, { bulkhead }) => active.set({ downstream }, bulkhead.running));
      },
    });
    const queued = metrics.gauge({
      name: 'railyard_bulkhead_queued',
      help: "Calls waiting for a downstream's bulkhead slot",
      labelNames: ['downstream'],
      collect: () => {
        this.eachPolicy((downstream, { bulkhead }) => queued.set({ downstream }, bulkhead.queued));
      },
    });
    this.transitions = metrics.counter({
      name: 'railyard_breaker_transitions_total',
      help: "Changes of a downstream's circuit, by the state it changed to",
      labelNames: ['downstream', 'to'],
    });
    // The histogram's _count holds the same numbers; the counter is there under the name alerts
    // and dashboards look for (as the bus has railyard_bus_deliveries_total beside its timings),
    // for the price of one increment of a bound child per call.
    this.calls = metrics.counter({
      name: 'railyard_downstream_calls_total',
      help: 'Calls through a downstream policy, by outcome (retries inside one call count once)',
      labelNames: ['downstream', 'outcome'],
    });
    this.callDuration = metrics.histogram({
      name: 'railyard_downstream_call_duration_seconds',
      help: "A call's time as its caller waited it: bulkhead queue, attempts and backoffs",
      labelNames: ['downstream', 'outcome'],
      buckets: DURATION_BUCKETS,
    });
  }

  /** Has the gauges read `policies` at every scrape, from now on. */
  sample(policies: SampledPolicies): void {
    this.sources.add(policies);
  }

  /** The meter of `downstream`'s calls, shared by whatever records them. */
  callMeter(downstream: string): CallMeter {
    let meter = this.meters.get(downstream);
    if (!meter) {
      meter = new CallMeter(downstream, this.calls, this.callDuration);
      this.meters.set(downstream, meter);
    }
    return meter;
  }

  /** Counts `breaker`'s state changes until disposed; every state's series starts at 0. */
  countTransitions(breaker: CircuitBreaker): IDisposable {
    const { downstream } = breaker;
    for (const to of BREAKER_STATES) this.transitions.inc({ downstream, to }, 0);
    // Changes are rare: a label object each costs nothing worth caching.
    return breaker.onStateChange(({ to }) => this.transitions.inc({ downstream, to }));
  }

  private eachPolicy(read: (downstream: string, snapshot: PolicySnapshot) => void): void {
    for (const source of this.sources) {
      for (const [downstream, snapshot] of Object.entries(source.snapshot())) {
        read(downstream, snapshot);
      }
    }
  }
}
