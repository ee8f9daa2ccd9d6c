import { Counter, Histogram } from 'prom-client';
import { MetricsRegistry } from '@railyard/platform';
import { isTerminal, SagaStatus, TERMINAL_STATUSES } from '../machine/saga-state';

/** The statuses a saga enters now (FAILED only ever comes from an older version's rows). */
const ENTERED: readonly SagaStatus[] = ['RUNNING', 'COMPENSATING', 'COMPLETED', 'COMPENSATED'];

/**
 * From a happy path on loopback (tens of ms) to a compensation resent for hours while the other
 * service is down: the shared DURATION_BUCKETS end at 30 s, where a saga's deadlines begin.
 */
export const SAGA_DURATION_BUCKETS = [
  0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 1800, 3600, 10800, 43200,
  86400,
];

/** One transition the orchestrator wrote, counted once its transaction committed. */
export interface CommittedSagaTransition {
  /** The saga's type: one of the registered definitions, so a bounded label. */
  saga: string;
  /** The status before; none when the transition started the saga. */
  from?: SagaStatus;
  to: SagaStatus;
  /** The saga's created_at and the transition's time, both ISO by the saga clock. */
  startedAt: string;
  at: string;
  /** The transition logged STUCK: its compensation went unanswered past its attempts. */
  stuck: boolean;
}

/**
 * The sagas' Prometheus metrics in one app. Labels are bounded: saga types are the app's
 * registered definitions, statuses a fixed set; never an id or a reason (reasons are free text
 * from other services' replies).
 */
export class SagaMetricFamilies {
  private readonly transitions: Counter<'saga' | 'to'>;
  private readonly stuck: Counter<'saga'>;
  private readonly duration: Histogram<'saga' | 'outcome'>;

  /** `sagas`: the registered types, whose series start at 0 (a rate needs a first sample). */
  constructor(metrics: MetricsRegistry, sagas: readonly string[]) {
    this.transitions = metrics.counter({
      name: 'railyard_saga_transitions_total',
      help:
        'Saga status changes committed, by saga type and the status entered: RUNNING (started), ' +
        'COMPENSATING (undoing its steps), COMPLETED or COMPENSATED (ended). A step advanced or a ' +
        'compensation resent changes no status',
      labelNames: ['saga', 'to'],
    });
    this.stuck = metrics.counter({
      name: 'railyard_saga_stuck_total',
      help:
        'Compensations unanswered past SAGA_COMPENSATION_ATTEMPTS sends (once per saga and ' +
        'step); they are still resent. /health counts the sagas stuck now',
      labelNames: ['saga'],
    });
    this.duration = metrics.histogram({
      name: 'railyard_saga_duration_seconds',
      help: "Time from a saga's start to its end, by saga type and the status it ended in",
      labelNames: ['saga', 'outcome'],
      buckets: SAGA_DURATION_BUCKETS,
    });
    for (const saga of sagas) {
      for (const to of ENTERED) this.transitions.inc({ saga, to }, 0);
      for (const outcome of TERMINAL_STATUSES) this.duration.zero({ saga, outcome });
      this.stuck.inc({ saga }, 0);
    }
  }

  committed({ saga, from, to, startedAt, at, stuck }: CommittedSagaTransition): void {
    if (stuck) this.stuck.inc({ saga });
    if (from === to) return;
    this.transitions.inc({ saga, to });
    if (!isTerminal(to)) return;
    // Clamped: replicas' clocks may disagree by a little, and a duration is never negative.
    const seconds = Math.max(0, (Date.parse(at) - Date.parse(startedAt)) / 1000);
    this.duration.observe({ saga, outcome: to }, seconds);
  }
}
