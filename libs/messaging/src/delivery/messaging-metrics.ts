import { BusCountersView } from '@railyard/contracts';
import { MetricsRegistry } from '@railyard/platform';
import { BusMetricFamilies, DeliveryKind, DeliveryOutcome } from './bus-metric-families';

/**
 * Counters of one bus instance, shown in health details and read by tests; and, once exported to
 * the app's MetricsRegistry, the same deliveries by type and outcome, timed, for Prometheus.
 */
export class MessagingMetrics {
  received = 0;
  handled = 0;
  retried = 0;
  deadLettered = 0;
  /** Undecodable or invalid messages (a subset of deadLettered). */
  invalid = 0;
  requestsServed = 0;
  private families?: BusMetricFamilies;

  /** Records into `registry` from now on (MessagingModule does it when the app has metrics). */
  exportTo(registry: MetricsRegistry): void {
    this.families = new BusMetricFamilies(registry);
  }

  receivedOne(kind: DeliveryKind): void {
    this.received++;
    this.families?.receivedOne(kind);
  }

  /** One delivery attempt's outcome; `seconds` is the handler's time when a handler ran. */
  delivered(kind: DeliveryKind, type: string, outcome: DeliveryOutcome, seconds?: number): void {
    if (outcome === 'handled') {
      if (kind === 'event') this.handled++;
      else this.requestsServed++;
    } else if (outcome === 'retried') {
      this.retried++;
    } else if (outcome === 'dead_lettered') {
      this.deadLettered++;
    } else if (outcome === 'invalid') {
      this.invalid++;
      this.deadLettered++;
    }
    this.families?.delivered(kind, type, outcome, seconds);
  }

  published(type: string, error: unknown, seconds: number): void {
    this.families?.published(type, error, seconds);
  }

  requested(target: string, type: string, error: unknown, seconds: number): void {
    this.families?.requested(target, type, error, seconds);
  }

  snapshot(): BusCountersView {
    return {
      received: this.received,
      handled: this.handled,
      retried: this.retried,
      deadLettered: this.deadLettered,
      invalid: this.invalid,
      requestsServed: this.requestsServed,
    };
  }
}
