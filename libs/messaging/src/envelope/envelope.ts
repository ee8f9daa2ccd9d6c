import { isoNow, timeOrderedUuid } from '@railyard/platform';

/**
 * What travels with every message on every transport. `aggregateId` is the ordering key: events
 * that share it are handled by a service in publish order (Kafka partition key, RabbitMQ shard).
 */
export interface Envelope<TPayload = unknown> {
  readonly messageId: string;
  readonly type: string;
  readonly aggregateId: string;
  readonly correlationId: string;
  readonly causationId?: string;
  readonly occurredAt: string;
  readonly version: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly payload: TPayload;
}

export interface EnvelopeInit<TPayload> {
  type: string;
  payload: TPayload;
  aggregateId?: string;
  messageId?: string;
  correlationId?: string;
  causationId?: string;
  occurredAt?: Date;
  version?: number;
  headers?: Record<string, string>;
  /** The message this one is caused by: its correlation id carries over, its id becomes the cause. */
  causedBy?: Pick<Envelope, 'messageId' | 'correlationId'>;
}

export function createEnvelope<TPayload>(init: EnvelopeInit<TPayload>): Envelope<TPayload> {
  const messageId = init.messageId ?? timeOrderedUuid();
  return {
    messageId,
    type: init.type,
    aggregateId: init.aggregateId ?? messageId,
    correlationId: init.correlationId ?? init.causedBy?.correlationId ?? messageId,
    causationId: init.causationId ?? init.causedBy?.messageId,
    occurredAt: init.occurredAt ? init.occurredAt.toISOString() : isoNow(),
    version: init.version ?? 1,
    headers: { ...init.headers },
    payload: init.payload,
  };
}
