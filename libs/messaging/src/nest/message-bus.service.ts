import { Inject, Injectable } from '@nestjs/common';
import { OneWayContract, PayloadInput, RequestContract, ResultOf } from '@railyard/contracts';
import { currentLogContext } from '@railyard/platform';
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

  /**
   * Sends an event, or a one-way command to its service. Resolves once the broker confirmed it;
   * rejects with a MessagingError otherwise.
   */
  publish<C extends OneWayContract>(
    contract: C,
    payload: PayloadInput<C>,
    options: PublishOptions = {},
  ): Promise<void> {
    return this.transport.publish(
      createEnvelope({
        type: contract.type,
        version: contract.version,
        payload,
        ...ambientCorrelation(options),
        ...options,
      }),
    );
  }

  /** For relays that stored a ready envelope (the outbox): sends it unchanged. */
  publishEnvelope(envelope: Envelope): Promise<void> {
    return this.transport.publish(envelope);
  }

  /**
   * Asks the contract's service and resolves to its answer. The answer is typed by the contract's
   * result schema, not parsed against it: the service built it from the same schema.
   */
  request<C extends RequestContract>(
    contract: C,
    payload: PayloadInput<C>,
    { timeoutMs, ...options }: RequestOptions = {},
  ): Promise<ResultOf<C>> {
    const envelope = createEnvelope({
      type: contract.type,
      version: contract.version,
      payload,
      ...ambientCorrelation(options),
      ...options,
    });
    const timeout = timeoutMs ?? this.options.requestTimeoutMs;
    return this.transport.request(contract.service, envelope, timeout) as Promise<ResultOf<C>>;
  }

  get service(): string {
    return this.options.service;
  }
}

/**
 * A message sent without saying what caused it joins the conversation in progress: the HTTP
 * request or the message being handled (LogContext), so one correlation id follows an order from
 * the gateway's request through every service.
 */
function ambientCorrelation(options: PublishOptions): { correlationId?: string } {
  if (options.causedBy) return {};
  const correlationId = currentLogContext()?.correlationId;
  return correlationId ? { correlationId } : {};
}
