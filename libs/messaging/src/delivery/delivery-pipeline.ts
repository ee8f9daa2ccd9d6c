import { Logger } from '@nestjs/common';
import { LogContext, railyardTracer, secondsSince, withLogContext } from '@railyard/platform';
import { setTimeout as sleep } from 'node:timers/promises';
import { Envelope } from '../envelope/envelope';
import { envelopeFromHeaders } from '../envelope/envelope-headers';
import { decodePayload } from '../envelope/payload.codec';
import { BusOptions, MessagingOptions } from '../config/messaging-options';
import { InvalidMessageError } from '../errors/invalid-message.error';
import { toErrorShape } from '../errors/to-error-shape';
import { DeliverySpan } from '../tracing/delivery-span';
import { ProcessTarget, traceProcess } from '../tracing/process-span';
import { EventHandler, Routes } from '../transport/transport';
import { backoffDelay } from './backoff';
import { DeliveryAbortedError } from './delivery-aborted.error';
import { DeadLetterSink, InboundMessage } from './inbound-message';
import { DeliveryKind, UNDECODABLE_TYPE, UNROUTED_TYPE } from './bus-metric-families';
import { MessagingMetrics } from './messaging-metrics';
import { Reply } from './reply';

/** `transport` and `service` name the process spans' system and consumer (tracing/process-span.ts). */
type PipelineOptions = Pick<BusOptions, 'retry' | 'maxMessageBytes'> &
  Partial<Pick<MessagingOptions, 'transport' | 'service'>>;

/**
 * What every transport does with an inbound message, written once: decode and validate, find the
 * handler, retry with backoff, dead-letter when the budget is spent. `deliverEvent` resolves when
 * the message may be acked (handled or dead-lettered); it rejects only when the message must NOT be
 * acked: the dead-letter write failed, or the process is stopping mid-retry.
 */
export class DeliveryPipeline {
  private stopping = false;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** What the process spans say about this consumer (tracing/process-span.ts). */
  private readonly eventTarget: ProcessTarget;
  private readonly requestTarget: ProcessTarget;

  constructor(
    private readonly routes: Routes,
    private readonly options: PipelineOptions,
    private readonly deadLetter: DeadLetterSink,
    private readonly logger: Logger,
    readonly metrics = new MessagingMetrics(),
    private readonly delay: (ms: number) => Promise<unknown> = sleep,
  ) {
    const { transport: system, service } = options;
    this.eventTarget = { kind: 'event', system, service };
    this.requestTarget = { kind: 'request', system, service };
  }

  deliverEvent(message: InboundMessage): Promise<void> {
    return this.track(this.handleEvent(message));
  }

  deliverRequest(message: InboundMessage): Promise<Reply> {
    return this.track(this.handleRequest(message));
  }

  /** No new retries start; resolves when in-flight deliveries end or `timeoutMs` passes. */
  async drain(timeoutMs: number): Promise<boolean> {
    this.stopping = true;
    if (this.inFlight.size === 0) return true;
    const settled = Promise.allSettled([...this.inFlight]).then(() => true);
    // The timer must not keep a finished process (or test run) alive.
    return Promise.race([settled, sleep(timeoutMs, false, { ref: false })]);
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  private async handleEvent(message: InboundMessage): Promise<void> {
    this.metrics.receivedOne('event');
    const envelope = await this.decodeOrDeadLetter(message, 'event');
    if (!envelope) return;
    const handler = this.routes.events.get(envelope.type);
    if (!handler) {
      return this.rejectInvalid(
        message,
        new InvalidMessageError('no-handler', `no handler for ${envelope.type}`),
        'event',
        UNROUTED_TYPE,
      );
    }
    const tracer = railyardTracer();
    if (!tracer) {
      return withLogContext(logContextOf(envelope), () => this.attempt(message, envelope, handler));
    }
    return traceProcess(tracer, this.eventTarget, envelope, (span) =>
      withLogContext(logContextOf(envelope, span), () =>
        this.attempt(message, envelope, handler, span),
      ),
    );
  }

  /** Runs an event's handler until it succeeds, is retried out, or fails for good. */
  private async attempt(
    message: InboundMessage,
    envelope: Envelope,
    handler: EventHandler,
    span?: DeliverySpan,
  ): Promise<void> {
    const { maxAttempts } = this.options.retry;
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      try {
        await handler(envelope);
        this.metrics.delivered('event', envelope.type, 'handled', secondsSince(started));
        span?.handled(attempt);
        return;
      } catch (error) {
        const seconds = secondsSince(started);
        const reason = toErrorShape(error);
        if (attempt >= maxAttempts || isPermanent(error)) {
          this.logger.error(
            `${envelope.type} ${envelope.messageId} failed ${attempt} times, dead-lettering: ${reason.message}`,
          );
          await this.deadLetter({
            ...message,
            reason: 'handler-failed',
            error: `${reason.code}: ${reason.message}`,
            attempts: attempt,
          });
          this.metrics.delivered('event', envelope.type, 'dead_lettered', seconds);
          span?.deadLettered(attempt, error);
          return;
        }
        if (this.stopping) throw new DeliveryAbortedError(envelope.type);
        this.metrics.delivered('event', envelope.type, 'retried', seconds);
        const wait = backoffDelay(attempt, this.options.retry);
        span?.attemptFailed(attempt, error, wait);
        this.logger.warn(
          `${envelope.type} ${envelope.messageId} attempt ${attempt}/${maxAttempts} failed (${reason.message}); retrying in ${wait} ms`,
        );
        await this.delay(wait);
      }
    }
  }

  private async handleRequest(message: InboundMessage): Promise<Reply> {
    this.metrics.receivedOne('request');
    const envelope = await this.decodeOrDeadLetter(message, 'request');
    if (!envelope) {
      return {
        ok: false,
        error: { code: 'INVALID_MESSAGE', message: 'request could not be decoded' },
      };
    }
    const handler = this.routes.requests.get(envelope.type);
    if (!handler) {
      this.metrics.delivered('request', UNROUTED_TYPE, 'failed');
      return {
        ok: false,
        error: { code: 'NO_HANDLER', message: `no handler for ${envelope.type}` },
      };
    }
    const started = performance.now();
    try {
      const tracer = railyardTracer();
      const body = await (tracer
        ? traceProcess(tracer, this.requestTarget, envelope, (span) =>
            withLogContext(logContextOf(envelope, span), () => handler(envelope)),
          )
        : withLogContext(logContextOf(envelope), () => handler(envelope)));
      this.metrics.delivered('request', envelope.type, 'handled', secondsSince(started));
      return { ok: true, body: body ?? null };
    } catch (error) {
      this.metrics.delivered('request', envelope.type, 'failed', secondsSince(started));
      return { ok: false, error: toErrorShape(error) };
    }
  }

  private async decodeOrDeadLetter(
    message: InboundMessage,
    kind: DeliveryKind,
  ): Promise<Envelope | undefined> {
    try {
      const payload = decodePayload(message.body, this.options.maxMessageBytes);
      return envelopeFromHeaders(message.headers, payload);
    } catch (error) {
      if (!(error instanceof InvalidMessageError)) throw error;
      await this.rejectInvalid(message, error, kind, UNDECODABLE_TYPE);
      return undefined;
    }
  }

  private async rejectInvalid(
    message: InboundMessage,
    error: InvalidMessageError,
    kind: DeliveryKind,
    typeLabel: string,
  ): Promise<void> {
    this.logger.warn(`dead-lettering an invalid message from ${message.source}: ${error.message}`);
    await this.deadLetter({ ...message, reason: error.reason, error: error.message, attempts: 0 });
    this.metrics.delivered(kind, typeLabel, 'invalid');
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const forget = () => this.inFlight.delete(work);
    work.then(forget, forget);
    return work;
  }
}

/** A handler that says its failure is permanent (`retryable: false`) is not retried. */
function isPermanent(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { retryable?: unknown }).retryable === false
  );
}

/** What every log line written while handling `envelope` says about it (and its span, if traced). */
function logContextOf(envelope: Envelope, span?: DeliverySpan): LogContext {
  const context: LogContext = {
    correlationId: envelope.correlationId,
    messageId: envelope.messageId,
    messageType: envelope.type,
    aggregateId: envelope.aggregateId,
  };
  if (span) {
    context.traceId = span.traceId;
    context.spanId = span.spanId;
  }
  return context;
}
