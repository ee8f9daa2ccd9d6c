import { Logger } from '@nestjs/common';
import { MetricsRegistry, railyardTracer, secondsSince } from '@railyard/platform';
import { MessagingOptions, TransportName } from '../config/messaging-options';
import { Envelope } from '../envelope/envelope';
import { envelopeToHeaders, WireHeaders } from '../envelope/envelope-headers';
import { encodePayload } from '../envelope/payload.codec';
import { RemoteError } from '../errors/remote.error';
import { TransportUnavailableError } from '../errors/transport-unavailable.error';
import { DeliveryPipeline } from '../delivery/delivery-pipeline';
import { DeadLetter } from '../delivery/inbound-message';
import { MessagingMetrics } from '../delivery/messaging-metrics';
import { PendingRequests } from '../delivery/pending-requests';
import { tracePublish } from '../tracing/publish-span';
import { traceRequest } from '../tracing/request-span';
import { withTimeout } from '../util/with-timeout';
import { withDeadLetterAdmin } from './dead-letter-admin.routes';
import { DeadLetterStore } from './dead-letter-store';
import { BacklogReading, BusBacklogGauge, NOTHING_TO_SAMPLE } from './bus-backlog-gauge';
import { Routes, Transport, TransportStatus } from './transport';

/**
 * What all transports share (encoding, size limits, request bookkeeping, the order of shutdown),
 * in the spirit of Nest's ClientProxy: public methods here, broker knowledge in each subclass.
 */
export abstract class BaseTransport<
  O extends MessagingOptions = MessagingOptions,
> implements Transport {
  abstract readonly name: TransportName;
  readonly metrics = new MessagingMetrics();
  protected readonly logger: Logger;
  protected readonly pending = new PendingRequests();
  protected pipeline?: DeliveryPipeline;
  private connecting?: Promise<void>;
  /** connect() has resolved (it stays resolved: reconnecting is each transport's own business). */
  private connectionOpened = false;
  private closing?: Promise<void>;
  private draining?: Promise<void>;

  constructor(protected readonly options: O) {
    this.logger = new Logger(`Messaging:${options.service}`);
  }

  connect(): Promise<void> {
    this.connecting ??= this.openConnection().then(
      () => void (this.connectionOpened = true),
      (error: unknown) => {
        this.connecting = undefined; // a later call may try again
        throw error;
      },
    );
    return this.connecting;
  }

  async listen(routes: Routes): Promise<void> {
    if (this.pipeline) throw new Error('listen() was already called on this transport');
    await this.connect();
    const { service, maxMessageBytes } = this.options;
    const served = withDeadLetterAdmin(routes, service, this.deadLetters?.(), maxMessageBytes);
    this.pipeline = new DeliveryPipeline(
      served,
      this.options,
      (deadLetter) => this.writeDeadLetter(deadLetter),
      this.logger,
      this.metrics,
    );
    await this.startConsuming(served, this.pipeline);
  }

  /**
   * While tracing is on, in a span whose context the envelope sent carries
   * (tracing/publish-span.ts). Off, exactly the untraced path: this is the hot path.
   */
  publish(envelope: Envelope): Promise<void> {
    const tracer = railyardTracer();
    if (!tracer) return this.publishMeasured(envelope);
    return tracePublish(tracer, this.name, envelope, (traced) => this.publishMeasured(traced));
  }

  /** While tracing is on, in a CLIENT span the request carries (tracing/request-span.ts). */
  request(target: string, envelope: Envelope, timeoutMs: number): Promise<unknown> {
    const tracer = railyardTracer();
    if (!tracer) return this.requestMeasured(target, envelope, timeoutMs);
    return traceRequest(tracer, this.name, target, envelope, (traced) =>
      this.requestMeasured(target, traced, timeoutMs),
    );
  }

  private async publishMeasured(envelope: Envelope): Promise<void> {
    const started = performance.now();
    try {
      await this.publishNow(envelope);
      this.metrics.published(envelope.type, undefined, secondsSince(started));
    } catch (error) {
      this.metrics.published(envelope.type, error, secondsSince(started));
      throw error;
    }
  }

  private async requestMeasured(
    target: string,
    envelope: Envelope,
    timeoutMs: number,
  ): Promise<unknown> {
    const started = performance.now();
    try {
      const body = await this.requestNow(target, envelope, timeoutMs);
      this.metrics.requested(target, envelope.type, undefined, secondsSince(started));
      return body;
    } catch (error) {
      this.metrics.requested(target, envelope.type, error, secondsSince(started));
      throw error;
    }
  }

  private async publishNow(envelope: Envelope): Promise<void> {
    this.assertOpen();
    const body = encodePayload(envelope.payload, this.options.maxMessageBytes);
    await this.connectWithin(this.options.publishTimeoutMs);
    await this.sendEvent(envelope, envelopeToHeaders(envelope), body);
  }

  private async requestNow(
    target: string,
    envelope: Envelope,
    timeoutMs: number,
  ): Promise<unknown> {
    this.assertOpen();
    const body = encodePayload(envelope.payload, this.options.maxMessageBytes);
    const started = Date.now();
    await this.connectWithin(timeoutMs);
    const remaining = Math.max(1, timeoutMs - (Date.now() - started));
    const reply = this.pending.wait(envelope.messageId, target, envelope.type, remaining);
    // Not awaited: a send stuck behind a reconnecting broker must not hold the caller past its
    // timeout, which the wait enforces. A send that fails fails the wait at once (found by the
    // chaos suite: awaiting the send first left the timed-out wait's rejection unhandled, and the
    // gateway died during a RabbitMQ restart).
    void this.send(() =>
      this.sendRequest(target, envelope, envelopeToHeaders(envelope), body, remaining),
    ).catch((error: unknown) => this.pending.fail(envelope.messageId, error as Error));
    const outcome = await reply;
    if (outcome.ok) return outcome.body;
    const { code, message, details } = outcome.error;
    throw new RemoteError(target, code, message, details);
  }

  /** Runs `sending` so that a synchronous throw rejects too. */
  private async send(sending: () => Promise<void>): Promise<void> {
    await sending();
  }

  exportMetrics(registry: MetricsRegistry): void {
    this.metrics.exportTo(registry);
    // Only here, so with metrics off the broker is never asked; nor once closing (close() does
    // not wait for a sampling: its connection closes under it, and the gauge keeps its values).
    const read = this.readBacklog?.bind(this);
    if (!read) return;
    const sampler = () => (this.isClosing ? Promise.resolve(NOTHING_TO_SAMPLE) : read());
    // Registers itself in `registry`: its scrapes call `sampler`.
    new BusBacklogGauge(registry, sampler, this.logger);
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  /**
   * Stops intake and waits for in-flight handlers (bounded), but stays connected: what they
   * committed to an outbox can still be published before close() (issue 14 point 9). Idempotent.
   */
  drain(): Promise<void> {
    this.draining ??= this.stopAndDrain();
    return this.draining;
  }

  abstract status(): TransportStatus;

  /** This service's dead letters (issue 17); also served as admin requests once listening. */
  deadLetters?(): DeadLetterStore;

  protected get isClosing(): boolean {
    return this.closing !== undefined;
  }

  /** Opens the broker connection(s) used to publish and request. */
  protected abstract openConnection(): Promise<void>;
  /** Declares what `routes` needs and starts handing messages to `pipeline`. */
  protected abstract startConsuming(routes: Routes, pipeline: DeliveryPipeline): Promise<void>;
  /** Sends one event; resolves once the broker (or each subscribed peer) confirmed it. */
  protected abstract sendEvent(
    envelope: Envelope,
    headers: WireHeaders,
    body: Buffer,
  ): Promise<void>;
  /**
   * Sends one request so that its reply reaches `this.pending.settle(envelope.messageId, …)`.
   * `timeoutMs` is what is left of the caller's wait: a broker may drop the request after it.
   */
  protected abstract sendRequest(
    target: string,
    envelope: Envelope,
    headers: WireHeaders,
    body: Buffer,
    timeoutMs: number,
  ): Promise<void>;
  /** Stores a dead letter durably; rejects if it could not (the message then stays unacked). */
  protected abstract writeDeadLetter(deadLetter: DeadLetter): Promise<void>;
  /** Stops taking new messages; in-flight ones keep their chance to finish and ack. */
  protected abstract stopConsuming(): Promise<void>;
  /** Flushes acks/commits and closes connections. */
  protected abstract disconnect(): Promise<void>;
  /**
   * What this service's consumers have yet to take, asked of the broker at each scrape
   * (bus-backlog-gauge.ts); resolves NOTHING_TO_SAMPLE before listen(). Absent where no broker
   * holds messages (TCP).
   */
  protected readBacklog?(): Promise<BacklogReading>;

  private async shutDown(): Promise<void> {
    await this.drain();
    this.pending.failAll(new TransportUnavailableError(this.name, 'the bus is closing'));
    await this.disconnect();
  }

  private async stopAndDrain(): Promise<void> {
    const { shutdownTimeoutMs } = this.options;
    try {
      await withTimeout(this.stopConsuming(), shutdownTimeoutMs, () => new Error('stop timed out'));
    } catch (error) {
      this.logger.warn(`stopping consumers: ${(error as Error).message}`);
    }
    const drained = (await this.pipeline?.drain(shutdownTimeoutMs)) ?? true;
    if (!drained) {
      this.logger.warn(
        `${this.pipeline?.inFlightCount} handler(s) still running after ${shutdownTimeoutMs} ms; ` +
          'their messages stay unacked and will be redelivered',
      );
    }
  }

  /**
   * Connected: nothing to wait for, and no timer to set and clear on every message (a timer, a
   * race and its promises cost ~4 us a publish, microbenchmarked on Node 24.21).
   */
  private connectWithin(timeoutMs: number): Promise<void> | undefined {
    if (this.connectionOpened) return undefined;
    return withTimeout(
      this.connect(),
      timeoutMs,
      () => new TransportUnavailableError(this.name, `not connected within ${timeoutMs} ms`),
    );
  }

  private assertOpen(): void {
    if (this.closing) throw new TransportUnavailableError(this.name, 'the bus is closed');
  }
}
