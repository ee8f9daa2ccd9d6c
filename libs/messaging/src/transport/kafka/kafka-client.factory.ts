import { Logger } from '@nestjs/common';
import { Kafka, logLevel, SASLOptions } from 'kafkajs';
import { MessagingOptionsFor } from '../../config/messaging-options';
import { kafkaLogCreator } from './kafka-log-creator';
import { stopIdleRequestQueueTimers } from './request-queue-idle-timer';
import { sanitize } from './kafka-topic-names';
import { CLIENT_RETRY, KAFKA_TUNING } from './kafka-tuning';

/** One kafkajs client per transport instance; its producer, admin and consumers share the config. */
export function createKafkaClient(options: MessagingOptionsFor<'kafka'>, logger: Logger): Kafka {
  stopIdleRequestQueueTimers(); // every client this process makes, before its first connection
  const { sasl, tls } = options.kafka;
  return new Kafka({
    clientId: sanitize(options.instanceId),
    brokers: options.kafka.brokers,
    // TLS with the configured CA (or the system's) and client certificate; SASL over it or not.
    ...(tls ? { ssl: { ...tls } } : {}),
    ...(sasl ? { sasl: { ...sasl } as SASLOptions } : {}),
    connectionTimeout: KAFKA_TUNING.connectionTimeoutMs,
    requestTimeout: KAFKA_TUNING.requestTimeoutMs,
    retry: CLIENT_RETRY,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(logger),
  });
}
