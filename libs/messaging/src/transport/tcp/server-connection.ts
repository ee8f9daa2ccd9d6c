import { Logger } from '@nestjs/common';
import { Socket } from 'node:net';
import { DeliveryAbortedError } from '../../delivery/delivery-aborted.error';
import { DeliveryPipeline } from '../../delivery/delivery-pipeline';
import { InboundMessage } from '../../delivery/inbound-message';
import { Reply } from '../../delivery/reply';
import { encodeReply } from '../../delivery/reply.codec';
import { HEADER } from '../../envelope/envelope-headers';
import { toErrorShape } from '../../errors/to-error-shape';
import { ByteBudget } from './byte-budget';
import { FrameConnection } from './frame-connection';
import { FrameError } from './frame.error';
import { KeyedSerialQueue } from './keyed-serial-queue';
import { HandshakeStep, ServerHandshake } from './server-handshake';
import { Frame, FrameKind, TCP_HEADER } from './tcp-frame';
import { TcpTuning } from './tcp-tuning';

/** What a server-side connection needs from its server. */
export interface ServerHost {
  readonly service: string;
  readonly maxMessageBytes: number;
  readonly maxFrameBytes: number;
  readonly tuning: TcpTuning;
  readonly logger: Logger;
  /** Undefined until listen(): events are refused (for now) before that. */
  readonly pipeline?: DeliveryPipeline;
  readonly closing: boolean;
  /** Shared by all connections, keyed by publisher and aggregate (see ServerConnection). */
  readonly serial: KeyedSerialQueue;
  /** Bytes in handling across all connections (tuning.maxInFlightBytesPerProcess). */
  readonly budget: ByteBudget;
  /** BUS_SECRET: when set, a connection is taken only after its peer proved it knows it. */
  readonly secret?: string;
  routesBody(): Buffer;
  onFrameError(error: FrameError): void;
}

/** The largest frame read before a peer has authenticated (Hello and Proof are far smaller). */
const GREETING_FRAME_BYTES = 4 * 1024;

/** Thrown inside the serial queue when an event's turn comes after the server began closing. */
class Refused extends Error {}

let connectionCount = 0;

/**
 * One accepted connection: answers hello with this service's subscriptions, hands events and
 * requests to the pipeline, and acks an event only once the pipeline resolved it (handled or
 * dead-lettered). A temporary refusal (not listening yet, closing) makes it refuse every later
 * event on this connection too until the client acks new routes, so a resend keeps the order.
 *
 * Events run one at a time per (publisher instance, aggregate id): one publisher's events of an
 * aggregate keep their publish order, also across its reconnects. Keying by aggregate alone would
 * make a saga step wait on another publisher's handler of the same aggregate, which may itself be
 * waiting for this step's publish to be acked: a deadlock until publishTimeoutMs.
 */
export class ServerConnection {
  readonly conn: FrameConnection;
  /** The client said hello, so it wants to hear when our subscriptions change. */
  greeted = false;
  private client = 'unknown';
  /** The publisher's instance id from its hello; a raw connection is its own publisher. */
  private publisher = `connection-${++connectionCount}`;
  private refusing?: string;
  private inFlight = 0;
  private inFlightBytes = 0;
  private readonly retryRead = () => this.readIfRoom();
  private readonly routesAcks = new Map<number, () => void>();
  private readonly idleWaiters: Array<() => void> = [];
  private readonly remote: string;
  /** Set while the peer has yet to prove it knows BUS_SECRET; nothing but the greeting is read. */
  private handshake?: ServerHandshake;
  private helloId = 0;
  private refusedPeer = false;

  constructor(
    socket: Socket,
    private readonly host: ServerHost,
  ) {
    this.remote = `${socket.remoteAddress}:${socket.remotePort}`;
    this.conn = new FrameConnection(socket, {
      label: `client ${this.remote}`,
      maxFrameBytes: host.maxFrameBytes,
      frameStallMs: host.tuning.frameStallMs,
      logger: host.logger,
      onFrame: (frame) => this.onFrame(frame),
      onFrameError: (error) => host.onFrameError(error),
    });
    if (host.secret) this.awaitProof(host.secret);
    void this.conn.closed.then(() => {
      host.budget.forget(this.retryRead);
      for (const done of this.routesAcks.values()) done();
      this.routesAcks.clear();
      for (const done of this.idleWaiters.splice(0)) done();
    });
  }

  /**
   * Resolves when every event and request taken from this connection has been answered. The
   * pipeline's drain ends when the handlers end; the ack is written a few ticks later, and
   * closing the socket in between would lose it.
   */
  whenIdle(): Promise<void> {
    if (this.inFlight === 0 || !this.conn.isOpen) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Sends new subscriptions; resolves when the client acked them (or did not, within bounds). */
  announceRoutes(body: Buffer): Promise<void> {
    if (!this.conn.isOpen) return Promise.resolve();
    const id = this.conn.nextId();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.routesAcks.delete(id);
        this.host.logger.warn(`${this.client} (${this.remote}) did not ack our subscriptions`);
        resolve();
      }, this.host.tuning.routesAckTimeoutMs);
      timer.unref();
      this.routesAcks.set(id, () => {
        clearTimeout(timer);
        resolve();
      });
      this.conn.send(FrameKind.Routes, id, {}, body);
    });
  }

  private get source(): string {
    return `tcp:${this.client}@${this.remote}`;
  }

  /** Until the proof: only the greeting is read, and not for longer than a connect may take. */
  private awaitProof(secret: string): void {
    this.handshake = new ServerHandshake(secret, this.host.service);
    // A stranger gets no room for a 1 MiB frame per connection: a greeting is a few hundred bytes.
    this.conn.limitIncomingFrames(GREETING_FRAME_BYTES);
    const { connectTimeoutMs } = this.host.tuning;
    const timer = setTimeout(() => {
      if (this.handshake && !this.refusedPeer) {
        this.refuseAuthentication(0, `not authenticated within ${connectTimeoutMs} ms`);
      }
    }, connectTimeoutMs);
    timer.unref();
    void this.conn.closed.then(() => clearTimeout(timer));
  }

  private onHandshakeFrame(handshake: ServerHandshake, frame: Frame): void {
    const step: HandshakeStep =
      frame.kind === FrameKind.Hello
        ? handshake.onHello(frame.headers)
        : frame.kind === FrameKind.Proof
          ? handshake.onProof(frame.headers)
          : { kind: 'refused', reason: `a frame of kind ${frame.kind} before authenticating` };
    switch (step.kind) {
      case 'challenge':
        this.helloId = frame.id;
        this.client = frame.headers[TCP_HEADER.service] ?? 'unknown';
        this.publisher = frame.headers[TCP_HEADER.instance] ?? this.publisher;
        this.conn.send(FrameKind.Challenge, frame.id, step.headers);
        return;
      case 'accepted':
        this.handshake = undefined;
        this.conn.limitIncomingFrames(this.host.maxFrameBytes);
        this.greeted = true;
        this.conn.send(FrameKind.HelloReply, this.helloId, {}, this.host.routesBody());
        return;
      case 'refused':
        return this.refuseAuthentication(frame.id, step.reason);
    }
  }

  /** Says why (the peer's log should tell its operator), then closes; reads nothing more. */
  private refuseAuthentication(id: number, reason: string): void {
    this.host.logger.warn(`refused TCP peer ${this.client} (${this.remote}): ${reason}`);
    this.conn.send(FrameKind.Nack, id, {
      [TCP_HEADER.reason]: reason,
      [TCP_HEADER.retry]: 'false',
    });
    this.refusedPeer = true;
    void this.conn.end(this.host.tuning.connectTimeoutMs);
  }

  private onFrame(frame: Frame): void {
    if (this.refusedPeer) return;
    if (this.handshake) return this.onHandshakeFrame(this.handshake, frame);
    switch (frame.kind) {
      case FrameKind.Hello:
        // Without BUS_SECRET here, a client that has one waits for a Challenge and refuses this.
        this.client = frame.headers[TCP_HEADER.service] ?? 'unknown';
        this.publisher = frame.headers[TCP_HEADER.instance] ?? this.publisher;
        this.greeted = true;
        this.conn.send(FrameKind.HelloReply, frame.id, {}, this.host.routesBody());
        return;
      case FrameKind.RoutesAck:
        this.refusing = undefined; // the client holds nothing back any more
        this.routesAcks.get(frame.id)?.();
        this.routesAcks.delete(frame.id);
        return;
      case FrameKind.Event:
        return this.onEvent(frame);
      case FrameKind.Request:
        return this.onRequest(frame);
      default:
        this.host.logger.warn(`unexpected frame kind ${frame.kind} from ${this.source}; ignored`);
    }
  }

  private onEvent(frame: Frame): void {
    const pipeline = this.host.pipeline;
    const refusal = this.host.closing ? 'closing' : !pipeline ? 'not consuming yet' : this.refusing;
    if (refusal || !pipeline) return this.refuse(frame.id, refusal ?? 'not consuming yet');
    const message: InboundMessage = {
      source: this.source,
      headers: frame.headers,
      body: frame.body,
    };
    const bytes = sizeOf(frame);
    this.started(bytes);
    this.host.serial
      .run(`${this.publisher}\n${frame.headers[HEADER.aggregateId] ?? ''}`, () => {
        // Its turn came (after a slower event of its aggregate) once closing began.
        if (this.host.closing) throw new Refused('closing');
        return pipeline.deliverEvent(message);
      })
      .then(
        () => this.conn.send(FrameKind.Ack, frame.id),
        (error: unknown) => this.onEventFailed(frame.id, error),
      )
      .catch((error: unknown) => this.host.logger.error(`ack not sent: ${String(error)}`))
      .finally(() => this.finished(bytes));
  }

  private onEventFailed(id: number, error: unknown): void {
    if (error instanceof Refused || error instanceof DeliveryAbortedError) {
      return this.refuse(id, (error as Error).message);
    }
    // Not stored anywhere (e.g. the dead-letter write failed): the publisher must hear it.
    const reason = toErrorShape(error).message;
    this.host.logger.error(`event from ${this.source} not handled nor dead-lettered: ${reason}`);
    this.conn.send(FrameKind.Nack, id, {
      [TCP_HEADER.reason]: reason,
      [TCP_HEADER.retry]: 'false',
    });
  }

  private refuse(id: number, reason: string): void {
    this.refusing = reason;
    this.conn.send(FrameKind.Nack, id, { [TCP_HEADER.reason]: reason, [TCP_HEADER.retry]: 'true' });
  }

  private onRequest(frame: Frame): void {
    const pipeline = this.host.pipeline;
    const refusal = this.host.closing ? 'closing' : !pipeline ? 'not serving yet' : undefined;
    if (refusal || !pipeline) {
      const headers = { [TCP_HEADER.reason]: refusal ?? 'not serving yet' };
      this.conn.send(FrameKind.Nack, frame.id, { ...headers, [TCP_HEADER.retry]: 'false' });
      return;
    }
    const requestId = frame.headers[HEADER.messageId] ?? '';
    const message: InboundMessage = {
      source: this.source,
      headers: frame.headers,
      body: frame.body,
    };
    const bytes = sizeOf(frame);
    this.started(bytes);
    pipeline
      .deliverRequest(message)
      .catch((error: unknown): Reply => ({ ok: false, error: toErrorShape(error) }))
      .then((reply) => {
        const wire = encodeReply(requestId, reply, this.host.maxMessageBytes);
        this.conn.send(FrameKind.Reply, frame.id, wire.headers, wire.body);
      })
      .catch((error: unknown) => {
        this.host.logger.error(`reply to ${this.source} not sent: ${(error as Error).message}`);
      })
      .finally(() => this.finished(bytes));
  }

  /**
   * Backpressure: past any bound (messages or bytes of this connection, bytes of the whole
   * server), stop reading this socket; read again once this connection is down to half of its
   * bounds and the server's budget has room.
   */
  private started(bytes: number): void {
    this.inFlight++;
    this.inFlightBytes += bytes;
    this.host.budget.take(bytes);
    const { maxInFlightPerConnection, maxInFlightBytesPerConnection } = this.host.tuning;
    if (
      this.inFlight >= maxInFlightPerConnection ||
      this.inFlightBytes >= maxInFlightBytesPerConnection ||
      this.host.budget.spent
    ) {
      this.conn.socket.pause();
      if (this.host.budget.spent) this.host.budget.whenRoom(this.retryRead);
    }
  }

  private finished(bytes: number): void {
    this.inFlight--;
    this.inFlightBytes -= bytes;
    this.host.budget.give(bytes);
    if (this.inFlight === 0) for (const done of this.idleWaiters.splice(0)) done();
    this.readIfRoom();
  }

  private readIfRoom(): void {
    if (!this.conn.socket.isPaused() || !this.conn.isOpen) return;
    const { maxInFlightPerConnection, maxInFlightBytesPerConnection } = this.host.tuning;
    if (this.inFlight > maxInFlightPerConnection / 2) return;
    if (this.inFlightBytes > maxInFlightBytesPerConnection / 2) return;
    if (this.host.budget.spent) return this.host.budget.whenRoom(this.retryRead);
    this.conn.socket.resume();
  }
}

/** What a frame holds in memory while it is handled: its body and, roughly, its headers. */
function sizeOf(frame: Frame): number {
  let bytes = frame.body?.length ?? 0;
  for (const name in frame.headers) bytes += name.length + frame.headers[name].length;
  return bytes;
}
