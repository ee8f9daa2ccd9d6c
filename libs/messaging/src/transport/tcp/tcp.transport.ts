import { MessagingOptionsFor } from '../../config/messaging-options';
import { DeliveryPipeline } from '../../delivery/delivery-pipeline';
import { DeadLetter } from '../../delivery/inbound-message';
import { decodeReply } from '../../delivery/reply.codec';
import { Envelope } from '../../envelope/envelope';
import { WireHeaders } from '../../envelope/envelope-headers';
import { MessageTooLargeError } from '../../errors/message-too-large.error';
import { TransportUnavailableError } from '../../errors/transport-unavailable.error';
import { BaseTransport } from '../base.transport';
import { DeadLetterStore } from '../dead-letter-store';
import { Routes, TransportStatus } from '../transport';
import { DeadLetterFile } from './dead-letter-file';
import { FrameError } from './frame.error';
import { PeerDirectory } from './peer-directory';
import { Frame, frameBytes, maxFrameBytes } from './tcp-frame';
import { TcpDeadLetterStore } from './tcp-dead-letter.store';
import { TcpServer } from './tcp-server';
import { TcpTuning, tcpTuning } from './tcp-tuning';
import { UnroutedEventStore } from './unrouted-events.store';

/**
 * Railyard over plain TCP, no broker: every service listens on its own port and every publisher
 * connects to every peer. What holds, and what does not:
 *  - Fan-out: publish() sends the event to each peer subscribed to its type (this service too,
 *    through the same socket path) and resolves once all of them acked, i.e. handled it or
 *    dead-lettered it. Otherwise it fails with TransportUnavailableError within publishTimeoutMs.
 *  - Nothing holds an event while a subscriber is down: the publish fails and the outbox retries
 *    it. Peers that acked before another failed see it again then (the inbox dedupes).
 *  - An event no running peer subscribes to is held in memory (bounded, counted) for the first
 *    peer that announces its type (peer-directory.ts); a publisher restart loses what it held.
 *  - Order: one connection per peer in publish order; the server runs one publisher's events of
 *    one aggregate one at a time, in arrival order.
 *  - publish() waits for the subscribers' handlers. A handler that awaits publish() of an event
 *    that comes back to its own service for the same aggregate waits for itself until
 *    publishTimeoutMs: handlers should publish through the outbox, not inline.
 *  - No competing consumers: a second instance of a service cannot bind its port and fails fast.
 *  - Dead letters go to a JSON-lines file per service (options.tcp.deadLetterFile), rotated and
 *    pruned by size, count and age (dead-letter-file.ts).
 *  - Frames are bounded (maxMessageBytes + 64 KiB) and a stalled partial frame closes its
 *    connection, unlike Nest's TCP transport before GHSA-hpwf-8g29-85qm.
 */
export class TcpTransport extends BaseTransport<MessagingOptionsFor<'tcp'>> {
  readonly name = 'tcp' as const;
  private readonly server?: TcpServer;
  private readonly peers: PeerDirectory;
  private readonly deadLetterFile: DeadLetterFile;
  private deadLetterStore?: TcpDeadLetterStore;
  private readonly maxFrameBytes: number;
  private readonly tuning: TcpTuning;
  private framesRejected = 0;
  private connected = false;

  constructor(options: MessagingOptionsFor<'tcp'>) {
    super(options);
    const tuning = (this.tuning = tcpTuning(options.tcp));
    this.maxFrameBytes = maxFrameBytes(options.maxMessageBytes);
    const onFrameError = (_error: FrameError) => void this.framesRejected++;
    const { port, bindHost, peers, deadLetterFile, busSecret: secret, tls } = options.tcp;
    if (port !== undefined) {
      this.server = new TcpServer({
        service: options.service,
        bindHost,
        port,
        maxMessageBytes: options.maxMessageBytes,
        maxFrameBytes: this.maxFrameBytes,
        tuning,
        logger: this.logger,
        secret,
        tls,
        onFrameError,
      });
    }
    this.peers = new PeerDirectory(
      peers,
      {
        service: options.service,
        instanceId: options.instanceId,
        maxFrameBytes: this.maxFrameBytes,
        tuning,
        logger: this.logger,
        secret,
        tls,
        onFrameError,
      },
      new UnroutedEventStore(options.unrouted.retentionMs, options.unrouted.maxBytes),
      options.publishTimeoutMs,
    );
    this.deadLetterFile = new DeadLetterFile(
      deadLetterFile,
      options.tcp.deadLetterRetention,
      this.logger,
    );
  }

  status(): TransportStatus {
    const open = this.connected && !this.isClosing;
    return {
      transport: this.name,
      connected: open && (this.server?.listening ?? true),
      consuming: open && (this.server?.serving ?? false),
      details: {
        port: this.options.tcp.port ?? 'client-only',
        authenticatesPeers: this.options.tcp.busSecret !== undefined,
        tls: this.options.tcp.tls !== undefined,
        connections: this.server?.connectionCount ?? 0,
        framesRejected: this.framesRejected,
        deadLettersDropped: this.deadLetterFile.dropped,
        peers: this.peers.describe(),
        unrouted: {
          ...this.peers.unrouted.counts,
          waiting: this.peers.unrouted.size,
          bytes: this.peers.unrouted.heldBytes,
        },
        metrics: this.metrics.snapshot(),
      },
    };
  }

  override deadLetters(): DeadLetterStore {
    this.deadLetterStore ??= new TcpDeadLetterStore(this.options.tcp.deadLetterFile, (message) => {
      if (!this.pipeline || this.isClosing) {
        throw new TransportUnavailableError('tcp', 'not consuming: nothing to replay into');
      }
      return this.pipeline.deliverEvent(message);
    });
    return this.deadLetterStore;
  }

  protected async openConnection(): Promise<void> {
    await this.server?.listen();
    this.connected = true;
    this.deadLetterFile.startPruning();
  }

  protected async startConsuming(routes: Routes, pipeline: DeliveryPipeline): Promise<void> {
    if (!this.server) {
      if (routes.events.size === 0 && routes.requests.size === 0) return;
      throw new Error(
        `"${this.options.service}" has no TCP port (options.tcp.port): it can publish and ` +
          'request, but nobody could deliver to it',
      );
    }
    await this.server.serve(routes, pipeline);
  }

  protected async sendEvent(envelope: Envelope, headers: WireHeaders, body: Buffer): Promise<void> {
    this.assertFits(headers, body);
    await this.peers.publish(envelope.type, headers, body, this.options.publishTimeoutMs);
  }

  protected async sendRequest(
    target: string,
    envelope: Envelope,
    headers: WireHeaders,
    body: Buffer,
  ): Promise<void> {
    const link = this.peers.link(target);
    if (!link) {
      const known = this.peers.names.join(', ') || 'none';
      throw new TransportUnavailableError('tcp', `unknown peer "${target}" (peers: ${known})`);
    }
    this.assertFits(headers, body);
    // The reply (or the failure) settles the waiter BaseTransport.request registered.
    const requestId = envelope.messageId;
    void link.request(headers, body).then(
      (reply) => this.settleReply(requestId, reply),
      (error: Error) => this.pending.fail(requestId, error),
    );
  }

  protected writeDeadLetter(deadLetter: DeadLetter): Promise<void> {
    return this.deadLetterFile.append(deadLetter);
  }

  protected async stopConsuming(): Promise<void> {
    await this.server?.stopAccepting();
  }

  protected async disconnect(): Promise<void> {
    this.deadLetterFile.stopPruning();
    await Promise.all([this.server?.close(), this.peers.close(this.tuning.closeGraceMs)]);
    this.connected = false;
  }

  private settleReply(requestId: string, frame: Frame): void {
    try {
      const { reply } = decodeReply(frame.headers, frame.body, this.options.maxMessageBytes);
      this.pending.settle(requestId, reply);
    } catch (error) {
      this.pending.fail(requestId, error as Error);
    }
  }

  /** A frame over the limit would make the receiver drop the whole connection: refuse it here. */
  private assertFits(headers: WireHeaders, body: Buffer): void {
    const size = frameBytes(headers, body);
    if (size > this.maxFrameBytes) throw new MessageTooLargeError(size, this.maxFrameBytes);
  }
}
