import { Inject, Injectable } from '@nestjs/common';
import { MessagingOptions } from '../config/messaging-options';
import { createEnvelope, Envelope } from '../envelope/envelope';
import { Transport } from '../transport/transport';
import { MESSAGING_OPTIONS, MESSAGING_TRANSPORT } from './messaging.tokens';

export interface PublishOptions {
  /** Ordering key; defaults to the message id (no ordering with other events). */
  aggregateId?: string;
  /** The message being handled when this one is sent: correlation carries over. */
  causedBy?: Pick<Envelope, 'messageId' | 'correlationId'>;
  headers?: Record<string, string>;
  messageId?: string;
}

export interface RequestOptions extends PublishOptions {
  /** Overrides MESSAGING_REQUEST_TIMEOUT_MS for this call. */
  timeoutMs?: number;
}

/** The typed face of the bus for application code: publish events, send requests. */
@Injectable()
export class MessageBus {
  constructor(
    @Inject(MESSAGING_TRANSPORT) private readonly transport: Transport,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  /** Resolves once the broker confirmed the event; rejects with a MessagingError otherwise. */
  publish<T>(type: string, payload: T, options: PublishOptions = {}): Promise<void> {
    return this.transport.publish(createEnvelope({ type, payload, ...options }));
  }

  /** For relays that stored a ready envelope (the outbox): sends it unchanged. */
  publishEnvelope(envelope: Envelope): Promise<void> {
    return this.transport.publish(envelope);
  }

  request<TResult = unknown, TPayload = unknown>(
    target: string,
    pattern: string,
    payload: TPayload,
    { timeoutMs, ...options }: RequestOptions = {},
  ): Promise<TResult> {
    const envelope = createEnvelope({ type: pattern, payload, ...options });
    const timeout = timeoutMs ?? this.options.requestTimeoutMs;
    return this.transport.request(target, envelope, timeout) as Promise<TResult>;
  }

  get service(): string {
    return this.options.service;
  }
}
