import { Counter, Histogram } from 'prom-client';
import { DURATION_BUCKETS, MetricsRegistry } from '@railyard/platform';
import { MessagingError } from '../errors/messaging.error';

/** An event delivered to a subscriber, or a request served to a requester. */
export type DeliveryKind = 'event' | 'request';

/**
 * What became of one delivery attempt: handled (a request answered), retried, dead_lettered after
 * the handler failed for good, invalid (undecodable, or no handler: dead-lettered too), failed (a
 * request answered with an error).
 */
export type DeliveryOutcome = 'handled' | 'retried' | 'dead_lettered' | 'invalid' | 'failed';

/** The `type` label of a message whose type is not one this service routes: a hostile sender cannot grow the label set. */
export const UNROUTED_TYPE = 'unrouted';
/** The `type` label of a message that could not be decoded. */
export const UNDECODABLE_TYPE = 'undecodable';

/**
 * The bus's Prometheus metrics in one app. Labels are bounded by construction: message types are
 * those this service routes or sends (its own code's), targets are service names, outcomes and
 * error codes are fixed sets.
 */
export class BusMetricFamilies {
  private readonly received: Counter<'kind'>;
  private readonly deliveries: Counter<'kind' | 'type' | 'outcome'>;
  private readonly handlerDuration: Histogram<'kind' | 'type' | 'outcome'>;
  private readonly publishDuration: Histogram<'type' | 'outcome'>;
  private readonly requestDuration: Histogram<'target' | 'type' | 'outcome'>;

  constructor(metrics: MetricsRegistry) {
    this.received = metrics.counter({
      name: 'railyard_bus_messages_received_total',
      help: 'Messages taken from the transport, before decoding',
      labelNames: ['kind'],
    });
    this.deliveries = metrics.counter({
      name: 'railyard_bus_deliveries_total',
      help: 'Delivery attempts by message type and outcome',
      labelNames: ['kind', 'type', 'outcome'],
    });
    this.handlerDuration = metrics.histogram({
      name: 'railyard_bus_handler_duration_seconds',
      help: "Time in a message's handler, per attempt",
      labelNames: ['kind', 'type', 'outcome'],
      buckets: DURATION_BUCKETS,
    });
    this.publishDuration = metrics.histogram({
      name: 'railyard_bus_publish_duration_seconds',
      help: 'Time until the broker (or every subscribed TCP peer) confirmed an event',
      labelNames: ['type', 'outcome'],
      buckets: DURATION_BUCKETS,
    });
    this.requestDuration = metrics.histogram({
      name: 'railyard_bus_request_duration_seconds',
      help: 'Time from sending a request to its reply, by target service',
      labelNames: ['target', 'type', 'outcome'],
      buckets: DURATION_BUCKETS,
    });
  }

  receivedOne(kind: DeliveryKind): void {
    this.received.inc({ kind });
  }

  delivered(kind: DeliveryKind, type: string, outcome: DeliveryOutcome, seconds?: number): void {
    this.deliveries.inc({ kind, type, outcome });
    if (seconds !== undefined) this.handlerDuration.observe({ kind, type, outcome }, seconds);
  }

  published(type: string, error: unknown, seconds: number): void {
    this.publishDuration.observe({ type, outcome: outcomeOf(error) }, seconds);
  }

  requested(target: string, type: string, error: unknown, seconds: number): void {
    this.requestDuration.observe({ target, type, outcome: outcomeOf(error) }, seconds);
  }
}

/**
 * `ok`, or the bus's own error code, a fixed set: a remote handler's failure is REMOTE_ERROR
 * whatever code the remote chose.
 */
function outcomeOf(error: unknown): string {
  if (error === undefined) return 'ok';
  return error instanceof MessagingError ? error.code : 'ERROR';
}
