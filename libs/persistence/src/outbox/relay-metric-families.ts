import { Counter, Histogram } from 'prom-client';
import { DURATION_BUCKETS, MetricsRegistry } from '@railyard/platform';
import { RecordedOutcome } from './record-publish-outcome';

/**
 * The outbox relay's Prometheus metrics in one app, counted from what a batch recorded once its
 * marks committed: a batch rolled back is published again, and counted then.
 */
export class RelayMetricFamilies {
  private readonly messages: Counter<'outcome'>;
  private readonly batchDuration: Histogram<'outcome'>;

  constructor(metrics: MetricsRegistry) {
    this.messages = metrics.counter({
      name: 'railyard_outbox_relayed_messages_total',
      help:
        'Outbox rows the relay handled: sent (published and marked), retried (failed, held back ' +
        'with their aggregate for a backoff) or parked (refused; left for an operator)',
      labelNames: ['outcome'],
    });
    this.batchDuration = metrics.histogram({
      name: 'railyard_outbox_relay_batch_duration_seconds',
      help:
        'Time of one relay batch that found rows (read, publish, mark), or that failed on the ' +
        'database (outcome error); its _count counts the batches',
      labelNames: ['outcome'],
      buckets: DURATION_BUCKETS,
    });
  }

  /** A batch that committed. Empty ones (every idle poll) are left out: they would bury the rest. */
  batchRecorded({ sent, failed, parked }: RecordedOutcome, seconds: number): void {
    if (sent + failed === 0) return;
    this.messages.inc({ outcome: 'sent' }, sent);
    this.messages.inc({ outcome: 'retried' }, failed - parked);
    this.messages.inc({ outcome: 'parked' }, parked);
    this.batchDuration.observe({ outcome: 'ok' }, seconds);
  }

  /** A batch whose database work failed: nothing it published is marked, so all goes again. */
  batchFailed(seconds: number): void {
    this.batchDuration.observe({ outcome: 'error' }, seconds);
  }
}
