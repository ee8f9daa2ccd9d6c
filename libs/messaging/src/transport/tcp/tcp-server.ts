import { Logger } from '@nestjs/common';
import { createServer, Server, Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { TlsMaterial } from '../../config/tls-material';
import { DeliveryPipeline } from '../../delivery/delivery-pipeline';
import { TransportUnavailableError } from '../../errors/transport-unavailable.error';
import { withTimeout } from '../../util/with-timeout';
import { Routes } from '../transport';
import { ByteBudget } from './byte-budget';
import { FrameError } from './frame.error';
import { KeyedSerialQueue } from './keyed-serial-queue';
import { encodeRoutes } from './peer-routes';
import { ServerConnection, ServerHost } from './server-connection';
import { TcpTuning } from './tcp-tuning';

export interface TcpServerOptions {
  service: string;
  bindHost: string;
  port: number;
  maxMessageBytes: number;
  maxFrameBytes: number;
  tuning: TcpTuning;
  logger: Logger;
  /** BUS_SECRET: peers must prove they know it before anything they send is read. */
  secret?: string;
  /** Mutual TLS: only peers whose certificate chains to `tls.ca` complete the handshake. */
  tls?: TlsMaterial;
  onFrameError(error: FrameError): void;
}

/** Generous for a handful of services; each connection holds at most one frame in memory. */
const MAX_CONNECTIONS = 1_024;

/**
 * This service's listening socket. It listens from connect() on, so publishers can always learn
 * its subscriptions (none until listen()); listen() then announces them to connected clients.
 */
export class TcpServer implements ServerHost {
  readonly serial = new KeyedSerialQueue();
  readonly budget: ByteBudget;
  pipeline?: DeliveryPipeline;
  closing = false;
  private routes?: Routes;
  private readonly server: Server;
  private readonly connections = new Set<ServerConnection>();
  private stopped?: Promise<void>;

  constructor(private readonly options: TcpServerOptions) {
    this.budget = new ByteBudget(options.tuning.maxInFlightBytesPerProcess);
    this.server = options.tls
      ? createTlsServer({ ...options.tls, requestCert: true, rejectUnauthorized: true }, (socket) =>
          this.accept(socket),
        )
      : createServer((socket) => this.accept(socket));
    // A failed handshake (no or a foreign certificate) never reaches accept(): nothing to undo.
    this.server.on('tlsClientError', (error: Error) =>
      this.logger.debug(`TLS handshake refused: ${error.message}`),
    );
    this.server.maxConnections = MAX_CONNECTIONS;
  }

  get service(): string {
    return this.options.service;
  }
  get maxMessageBytes(): number {
    return this.options.maxMessageBytes;
  }
  get maxFrameBytes(): number {
    return this.options.maxFrameBytes;
  }
  get tuning(): TcpTuning {
    return this.options.tuning;
  }
  get logger(): Logger {
    return this.options.logger;
  }
  get secret(): string | undefined {
    return this.options.secret;
  }
  get listening(): boolean {
    return this.server.listening && !this.closing;
  }
  get serving(): boolean {
    return this.listening && this.pipeline !== undefined;
  }
  get connectionCount(): number {
    return this.connections.size;
  }

  onFrameError(error: FrameError): void {
    this.options.onFrameError(error);
  }

  routesBody(): Buffer {
    return encodeRoutes(this.options.service, this.routes);
  }

  /** Binds the port. A port in use means another instance of this service: TCP cannot share. */
  listen(): Promise<void> {
    const { bindHost: host, port, service } = this.options;
    return new Promise((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        const detail =
          error.code === 'EADDRINUSE'
            ? `port ${host}:${port} of service "${service}" is already in use. TCP has no ` +
              'competing consumers: run one instance per service (or give this one another port)'
            : `cannot listen on ${host}:${port} for "${service}": ${error.message}`;
        reject(new TransportUnavailableError('tcp', detail, error));
      };
      this.server.once('error', onError);
      this.server.listen({ host, port }, () => {
        this.server.off('error', onError);
        this.server.on('error', (error) => this.logger.error(`server error: ${error.message}`));
        this.logger.log(`listening for TCP peers on ${host}:${port}`);
        if (!this.options.secret) {
          this.logger.warn(
            `BUS_SECRET is unset: any process that reaches ${host}:${port} may send "${service}" ` +
              'messages. Set the same BUS_SECRET (32+ characters) on every service.',
          );
        }
        resolve();
      });
    });
  }

  /** Starts handing messages to `pipeline` and waits until connected clients know the routes. */
  async serve(routes: Routes, pipeline: DeliveryPipeline): Promise<void> {
    this.routes = routes;
    this.pipeline = pipeline;
    const body = this.routesBody();
    const greeted = [...this.connections].filter((connection) => connection.greeted);
    await Promise.all(greeted.map((connection) => connection.announceRoutes(body)));
  }

  /** No new connections; events that arrive from now on are refused (the publisher resends). */
  stopAccepting(): Promise<void> {
    this.closing = true;
    this.stopped ??= new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
    });
    return Promise.resolve();
  }

  /**
   * After the drain: wait (bounded) until the last acks and replies are written, then close each
   * connection once its writes are flushed. Handlers still stuck past the drain lose their ack;
   * their publishers resend or fail loudly.
   */
  async close(): Promise<void> {
    await this.stopAccepting();
    const { closeGraceMs } = this.options.tuning;
    const connections = [...this.connections];
    await withTimeout(
      Promise.all(connections.map((connection) => connection.whenIdle())),
      closeGraceMs,
      () => new Error('unanswered messages at close'),
    ).catch((error: Error) => this.logger.warn(error.message));
    await Promise.all(connections.map((connection) => connection.conn.end(closeGraceMs)));
    await this.stopped;
  }

  private accept(socket: Socket): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    const connection = new ServerConnection(socket, this);
    this.connections.add(connection);
    void connection.conn.closed.then(() => this.connections.delete(connection));
  }
}
