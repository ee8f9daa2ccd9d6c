import { randomBytes } from 'node:crypto';
import { BenchTransport } from '../support/cli-args';

export type Variant = 'railyard' | 'raw';

/** Unique per `npm run bench`: every topic, queue, exchange and group name contains it. */
export function newRunId(): string {
  return `bench-${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
}

/** The names one endpoint uses. Kafka topic = event type; RabbitMQ queues derive from `service`. */
export function benchNames(runId: string, transport: BenchTransport, variant: Variant) {
  return {
    service: `${runId}-${transport}-${variant}`,
    type: `${runId}.${transport}.${variant}`,
    exchange: `${runId}.${transport}.${variant}.events`,
    deadLetterExchange: `${runId}.${transport}.${variant}.dead-letter`,
  };
}
