import { Logger } from '@nestjs/common';
import { connect } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { TlsMaterial } from '../../config/tls-material';
import { TcpPeer } from './tcp.options';
import { backoffDelay } from '../../delivery/backoff';
import { WireHeaders } from '../../envelope/envelope-headers';
import { TransportUnavailableError } from '../../errors/transport-unavailable.error';
import { ClientHandshake } from './client-handshake';
import { FrameConnection } from './frame-connection';
import { FrameError } from './frame.error';
import { DeliveryOutcome, OutboundEvents } from './outbound-events';
import { decodeRoutes, PeerRoutes } from './peer-routes';
import { Frame, FrameKind, TCP_HEADER } from './tcp-frame';
import { TcpTuning } from './tcp-tuning';

export interface PeerLinkContext {
  service: string;
  instanceId: string;
  maxFrameBytes: number;
  tuning: TcpTuning;
  logger: Logger;
  /** BUS_SECRET: both ends prove they know it before anything else is sent (peer-handshake.ts). */
  secret?: string;
  /** Mutual TLS: our certificate, and the CA the peer's must chain to. */
  tls?: TlsMaterial;
  onFrameError(error: FrameError): void;
  /** The peer told us (again) which events it consumes. */
  onRoutes?(link: PeerLink): void;
}

interface OutboundRequest {
  headers: WireHeaders;
  body: Buffer;
  resolve(reply: Frame): void;
  reject(error: Error): void;
}

type LinkState = 'idle' | 'connecting' | 'ready' | 'down' | 'closed';

/**
 * This process's one connection to one peer, for publishing and requesting. Connects on first
 * use, says hello to learn the peer's subscriptions, and from then on reconnects with capped
 * backoff whenever the connection drops, so a restarted peer is found again (and greeted again).
 *
 * Events leave in the order deliver() was called (one socket, one queue) and each waits for its
 * ack until its deadline. An event written but not acked when the connection drops is written
 * again on the next connection: at-least-once, the peer may have handled it (its inbox dedupes).
 */
export class PeerLink {
  private state: LinkState = 'idle';
  private conn?: FrameConnection;
  private helloId = 0;
  private handshake?: ClientHandshake;
  /** Last subscriptions the peer told us, kept across reconnects: a restarting peer comes back. */
  private routes?: PeerRoutes;
  /** The peer refused an event for now: hold the queue until it says it consumes, or a while. */
  private held = false;
  private holdTimer?: NodeJS.Timeout;
  /** The socket has more unsent bytes than we allow: wait for it to drain before writing more. */
  private draining = false;
  private reconnectTimer?: NodeJS.Timeout;
  private failures = 0;
  private lastError?: string;
  private readonly events = new OutboundEvents((event) => this.expired(event.type));
  private readonly queuedRequests: OutboundRequest[] = [];
  private readonly awaitingReply = new Map<number, OutboundRequest>();

  constructor(
    readonly peer: TcpPeer,
    private readonly ctx: PeerLinkContext,
  ) {}

  get address(): string {
    return `${this.peer.name} (${this.peer.host}:${this.peer.port})`;
  }

  describe(): Record<string, unknown> {
    return {
      state: this.state,
      subscribes: this.routes ? [...this.routes.events] : 'unknown',
      unconfirmed: this.events.size,
      unsentBytes: this.conn?.socket.writableLength ?? 0,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  /** Does the peer, as far as we know, consume `type`? (false while its routes are unknown) */
  subscribes(type: string): boolean {
    return this.state !== 'closed' && (this.routes?.events.has(type) ?? false);
  }

  /** Resolves once the peer acked the event, or at once if the peer does not subscribe to `type`. */
  deliver(
    type: string,
    headers: WireHeaders,
    body: Buffer,
    deadline: number,
  ): Promise<DeliveryOutcome> {
    if (this.state === 'closed') return Promise.reject(this.unavailable('the bus is closing'));
    if (this.routes && !this.routes.events.has(type)) return Promise.resolve('not-subscribed');
    const outcome = this.events.add(type, headers, body, deadline);
    if (this.state === 'idle') this.open();
    this.flush();
    return outcome;
  }

  /** Resolves with the reply frame. A peer that cannot be reached right now fails it at once. */
  request(headers: WireHeaders, body: Buffer): Promise<Frame> {
    if (this.state === 'closed') return Promise.reject(this.unavailable('the bus is closing'));
    return new Promise((resolve, reject) => {
      const request: OutboundRequest = { headers, body, resolve, reject };
      if (this.state === 'ready' && this.conn) return this.writeRequest(this.conn, request);
      this.queuedRequests.push(request);
      if (this.state !== 'connecting') this.open(); // skip the backoff: someone is waiting
    });
  }

  async close(graceMs: number): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.holdTimer);
    const closing = this.unavailable('the bus is closing');
    this.events.failAll(closing);
    this.failRequests(closing);
    await this.conn?.end(graceMs);
  }

  private open(): void {
    clearTimeout(this.reconnectTimer);
    if (this.state === 'closed') return;
    this.state = 'connecting';
    const { host, port } = this.peer;
    const { tls } = this.ctx;
    // rejectUnauthorized is tls.connect's default: a peer whose certificate does not chain to the
    // CA, or does not name the host we dialled, is dropped before a byte is written.
    const socket = tls ? connectTls({ host, port, ...tls }) : connect({ host, port });
    const conn = new FrameConnection(socket, {
      label: this.address,
      maxFrameBytes: this.ctx.maxFrameBytes,
      frameStallMs: this.ctx.tuning.frameStallMs,
      logger: this.ctx.logger,
      onFrame: (frame) => this.conn === conn && this.onFrame(conn, frame),
      onFrameError: (error) => this.ctx.onFrameError(error),
    });
    this.conn = conn;
    // An idle timeout only until the hello is answered: a ready link may rightly sit idle.
    const { connectTimeoutMs } = this.ctx.tuning;
    socket.setTimeout(connectTimeoutMs, () =>
      conn.destroy(new Error(`not connected and greeted within ${connectTimeoutMs} ms`)),
    );
    socket.once(tls ? 'secureConnect' : 'connect', () => {
      this.helloId = conn.nextId();
      const { secret, service, instanceId } = this.ctx;
      this.handshake = new ClientHandshake(secret, this.peer.name, service, instanceId);
      conn.send(FrameKind.Hello, this.helloId, {
        [TCP_HEADER.service]: service,
        [TCP_HEADER.instance]: instanceId,
        ...this.handshake.helloHeaders(),
      });
    });
    void conn.closed.then((error) => {
      if (this.conn === conn) this.onDown(error ?? new Error('connection closed by the peer'));
    });
  }

  private onFrame(conn: FrameConnection, frame: Frame): void {
    switch (frame.kind) {
      case FrameKind.Challenge:
        if (frame.id === this.helloId && this.state === 'connecting') this.onChallenge(conn, frame);
        return;
      case FrameKind.HelloReply:
        if (frame.id === this.helloId && this.state === 'connecting')
          this.onHelloReply(conn, frame);
        return;
      case FrameKind.Routes:
        this.learnRoutes(decodeRoutes(frame.body));
        conn.send(FrameKind.RoutesAck, frame.id);
        this.release();
        return this.ctx.onRoutes?.(this);
      case FrameKind.Ack:
        return this.events.acked(frame.id);
      case FrameKind.Nack:
        return this.onNack(frame);
      case FrameKind.Reply: {
        const request = this.awaitingReply.get(frame.id);
        this.awaitingReply.delete(frame.id);
        return request?.resolve(frame);
      }
      default:
        this.ctx.logger.warn(`unexpected frame kind ${frame.kind} from ${this.address}; ignored`);
    }
  }

  private onChallenge(conn: FrameConnection, frame: Frame): void {
    const answer = this.handshake!.onChallenge(frame.headers);
    if ('refused' in answer) return this.refusePeer(conn, answer.refused);
    conn.send(FrameKind.Proof, this.helloId, answer.proof);
  }

  /** A peer we cannot trust, or that does not trust us: logged as an error, retried with backoff. */
  private refusePeer(conn: FrameConnection, reason: string): void {
    this.ctx.logger.error(`refusing peer ${this.address}: ${reason}`);
    conn.destroy(new Error(`not authenticated: ${reason}`));
  }

  private onHelloReply(conn: FrameConnection, frame: Frame): void {
    // A greeting that arrives while close() flushes must not revive the link: it would reconnect
    // after the bus closed (seen as "connected … again" after a test run ended).
    if (this.state === 'closed') return;
    const unauthenticated = this.handshake?.refusesReply();
    if (unauthenticated) return this.refusePeer(conn, unauthenticated);
    const routes = decodeRoutes(frame.body);
    if (routes.service !== this.peer.name) {
      // A port serving another service: sending there would hand events to the wrong consumer.
      const detail = `${this.peer.host}:${this.peer.port} is served by "${routes.service}"`;
      this.ctx.logger.error(`peer ${this.peer.name} is misconfigured: ${detail}`);
      return conn.destroy(new Error(detail));
    }
    conn.socket.setTimeout(0);
    this.learnRoutes(routes);
    if (this.failures > 0) this.ctx.logger.log(`connected to ${this.address} again`);
    this.state = 'ready';
    this.failures = 0;
    this.lastError = undefined;
    for (const request of this.queuedRequests.splice(0)) this.writeRequest(conn, request);
    this.flush();
    this.ctx.onRoutes?.(this);
  }

  /** A peer that restarted but has not called listen() yet keeps the subscriptions it had. */
  private learnRoutes(routes: PeerRoutes): void {
    if (routes.consuming || !this.routes) this.routes = routes;
  }

  private onNack(frame: Frame): void {
    const reason = frame.headers[TCP_HEADER.reason] ?? 'refused';
    if (frame.id === this.helloId && this.state === 'connecting' && this.conn) {
      // The server refused our greeting (e.g. our proof): its reason is the one worth logging.
      return this.refusePeer(this.conn, `it refused us: ${reason}`);
    }
    const request = this.awaitingReply.get(frame.id);
    if (request) {
      this.awaitingReply.delete(frame.id);
      return request.reject(this.unavailable(`refused the request: ${reason}`));
    }
    if (frame.headers[TCP_HEADER.retry] !== 'true') {
      return this.events.refused(frame.id, (e) => this.unavailable(`refused ${e.type}: ${reason}`));
    }
    // The peer is starting or stopping. It refuses every later event on this connection too,
    // until we ack its new routes, so holding them all and resending in order keeps the order.
    if (this.events.retryLater(frame.id)) {
      this.lastError = reason;
      this.hold();
    }
  }

  private hold(): void {
    this.held = true;
    clearTimeout(this.holdTimer);
    this.holdTimer = setTimeout(() => this.release(), this.ctx.tuning.refusedRetryMs);
    this.holdTimer.unref();
  }

  private release(): void {
    clearTimeout(this.holdTimer);
    this.held = false;
    this.flush();
  }

  private flush(): void {
    const conn = this.conn;
    if (this.state !== 'ready' || this.held || this.draining || !conn) return;
    for (let event = this.events.next(); event; event = this.events.next()) {
      if (conn.congested) {
        // Events wait here, in order, until the socket drains or their deadlines pass.
        this.draining = true;
        return conn.onDrained(() => {
          this.draining = false;
          this.flush();
        });
      }
      if (this.routes && !this.routes.events.has(event.type)) {
        this.events.skip(event);
        continue;
      }
      const frameId = conn.nextId();
      this.events.sent(event, frameId);
      conn.send(FrameKind.Event, frameId, event.headers, event.body);
    }
  }

  private writeRequest(conn: FrameConnection, request: OutboundRequest): void {
    const id = conn.nextId();
    this.awaitingReply.set(id, request);
    try {
      conn.send(FrameKind.Request, id, request.headers, request.body);
    } catch (error) {
      this.awaitingReply.delete(id);
      request.reject(error as Error);
    }
  }

  private onDown(error: Error): void {
    this.conn = undefined;
    if (this.state === 'closed') return;
    const wasReady = this.state === 'ready';
    this.state = 'down';
    this.lastError = error.message;
    clearTimeout(this.holdTimer);
    this.held = false;
    this.events.retryAllUnacked();
    // A reply cannot come over another connection; a request waiting for this attempt fails now
    // rather than at its timeout ("connection refused" is an answer).
    this.failRequests(this.unavailable(`is unreachable: ${error.message}`));
    if (wasReady) this.ctx.logger.warn(`lost connection to ${this.address}: ${error.message}`);
    else if (this.failures === 0) {
      this.ctx.logger.warn(`cannot reach ${this.address}: ${error.message}; retrying`);
    }
    this.failures++;
    const delay = backoffDelay(this.failures, {
      maxAttempts: Number.POSITIVE_INFINITY,
      baseDelayMs: this.ctx.tuning.reconnectBaseMs,
      maxDelayMs: this.ctx.tuning.reconnectMaxMs,
    });
    this.reconnectTimer = setTimeout(() => this.open(), delay);
    this.reconnectTimer.unref();
  }

  private failRequests(error: Error): void {
    for (const request of this.queuedRequests.splice(0)) request.reject(error);
    for (const request of this.awaitingReply.values()) request.reject(error);
    this.awaitingReply.clear();
  }

  private expired(type: string): Error {
    const why = this.routes
      ? (this.lastError ?? 'no ack')
      : `its subscriptions are unknown, it was never reached (${this.lastError ?? 'connecting'})`;
    return this.unavailable(`did not confirm ${type} before the publish deadline: ${why}`);
  }

  private unavailable(detail: string): TransportUnavailableError {
    return new TransportUnavailableError('tcp', `peer ${this.address} ${detail}`);
  }
}
