import { Counter, Histogram } from 'prom-client';
import { secondsSince } from '@railyard/platform';
import { CALL_OUTCOMES, CallOutcome } from './call-outcome';

/** The series one outcome of one downstream records into, bound once. */
interface OutcomeSeries {
  calls: Counter.Internal;
  duration: Histogram.Internal<'downstream' | 'outcome'>;
}

/**
 * Counts and times the calls to one downstream. Every (downstream, outcome) child is bound when
 * the meter is built, so a call allocates no label object and looks nothing up by name: the meter
 * sits on the hot path of every guarded call.
 */
export class CallMeter {
  private readonly series: Record<CallOutcome, OutcomeSeries>;

  constructor(
    readonly downstream: string,
    calls: Counter<'downstream' | 'outcome'>,
    duration: Histogram<'downstream' | 'outcome'>,
  ) {
    const series = {} as Record<CallOutcome, OutcomeSeries>;
    for (const outcome of CALL_OUTCOMES) {
      const labels = { downstream, outcome };
      series[outcome] = { calls: calls.labels(labels), duration: duration.labels(labels) };
      // Every outcome's counter exists from the start at 0, so the first circuit_open is an
      // increase Prometheus can see: a series born at 1 has no earlier sample to rise from.
      // The histogram's series appear with their first call: 18 series per outcome is too many
      // to create for outcomes a downstream may never have.
      series[outcome].calls.inc(0);
    }
    this.series = series;
  }

  /** One call settled with `outcome`; `calledAt` is its `performance.now()` on entry. */
  record(outcome: CallOutcome, calledAt: number): void {
    const series = this.series[outcome];
    series.calls.inc();
    series.duration.observe(secondsSince(calledAt));
  }
}
