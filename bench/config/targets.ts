import { TransportName } from '@railyard/messaging';

/** The targets, all relative to a baseline measured in the same run (except the saga). */
export const TARGETS = {
  busThroughputRatio: { kafka: 0.85, rabbitmq: 0.85, tcp: 0.8 } as Record<TransportName, number>,
  rawClient: { kafka: 'raw kafkajs', rabbitmq: 'raw amqplib', tcp: 'raw net' } as Record<
    TransportName,
    string
  >,
  /** Bus p99 may exceed the raw client's p99 by at most this. */
  busP99ExtraMs: 2,
  sagaPerSecond: { tcp: 500, rabbitmq: 300, kafka: 300 } as Record<TransportName, number>,
  /** p99 created → terminal at half the measured maximum rate. */
  sagaP99AtHalfRateMs: 50,
  /** GET /orders/:id through the gateway (three bus requests each), every transport. */
  ordersGetPerSecond: 1_000,
  gatewayStaticRatio: 0.9,
  interceptorsRatio: 0.95,
  closedBreakerUs: 2,
  fullStackUs: 5,
  /** Saga throughput with tracing and metrics on ÷ off (issue 16). */
  observabilityOnRatio: 0.9,
};
