import { Logger } from '@nestjs/common';
import { AmqpConnectionManager, AmqpConnectionManagerClass } from 'amqp-connection-manager';
import { redactUrl } from '@railyard/platform';
import { MessagingOptionsFor } from '../../config/messaging-options';
import { TransportUnavailableError } from '../../errors/transport-unavailable.error';
import { withTimeout } from '../../util/with-timeout';

/** Dead peers are noticed within ~2 heartbeats; a lost connection is retried every second. */
const HEARTBEAT_SECONDS = 5;
const RECONNECT_SECONDS = 1;
/** Bounds the TCP connect itself: a black-holed host would otherwise hang each attempt for minutes. */
const SOCKET_CONNECT_TIMEOUT_MS = 5_000;

/**
 * One AMQP connection per bus instance, re-opened by amqp-connection-manager after any loss. Its
 * channels (publisher, consumer) re-run their setup on every `connect` event.
 */
export class RabbitMqConnection {
  readonly manager: AmqpConnectionManager;
  /** Successful connects after the first one. */
  reconnects = 0;
  private downSince?: number;
  private closed = false;

  constructor(
    private readonly options: MessagingOptionsFor<'rabbitmq'>,
    private readonly logger: Logger,
  ) {
    this.manager = new AmqpConnectionManagerClass([options.rabbitmq.url], {
      heartbeatIntervalInSeconds: HEARTBEAT_SECONDS,
      reconnectTimeInSeconds: RECONNECT_SECONDS,
      connectionOptions: {
        // amqplib leaves Nagle on: each request/reply then stalls ~40 ms on delayed ACKs
        // (docs/pitfalls.md#rabbitmq-nagle).
        noDelay: true,
        timeout: SOCKET_CONNECT_TIMEOUT_MS,
        clientProperties: { connection_name: options.instanceId },
        // amqps://: handed to tls.connect (CA to trust, client certificate for mutual TLS).
        ...options.rabbitmq.tls,
      },
    });
    this.watch();
  }

  /** Resolves on the first connection; rejects (and gives up) if none within `timeoutMs`. */
  async open(timeoutMs: number): Promise<void> {
    try {
      await this.manager.connect({ timeout: timeoutMs });
    } catch (error) {
      await this.close(1_000);
      throw new TransportUnavailableError(
        'rabbitmq',
        `cannot connect to ${redactUrl(this.options.rabbitmq.url)}: ${(error as Error).message}`,
        error,
      );
    }
  }

  get connected(): boolean {
    return this.manager.isConnected();
  }

  async close(timeoutMs: number): Promise<void> {
    this.closed = true;
    await withTimeout(this.manager.close(), timeoutMs, () => new Error('close timed out')).catch(
      (error: Error) => this.logger.warn(`closing the RabbitMQ connection: ${error.message}`),
    );
  }

  private watch(): void {
    const url = redactUrl(this.options.rabbitmq.url);
    let connects = 0;
    this.manager.on('connect', () => {
      if (connects++ > 0) this.reconnects++;
      const outage = this.downSince === undefined ? '' : ` after ${Date.now() - this.downSince} ms`;
      this.downSince = undefined;
      this.logger.log(`connected to RabbitMQ ${url}${outage}`);
    });
    this.manager.on('disconnect', ({ err }: { err?: Error }) => {
      if (this.closed) return;
      this.downSince ??= Date.now();
      this.logger.warn(`lost RabbitMQ connection (${err?.message ?? 'closed'}); reconnecting`);
    });
    this.manager.on('connectFailed', ({ err }: { err?: Error }) => {
      if (this.closed) return;
      // One warning per outage; every retry (once a second) would flood the log.
      const first = this.downSince === undefined;
      this.downSince ??= Date.now();
      const line = `cannot reach RabbitMQ ${url}: ${err?.message}; retrying every ${RECONNECT_SECONDS}s`;
      if (first) this.logger.warn(line);
      else this.logger.debug(line);
    });
    this.manager.on('blocked', ({ reason }: { reason: string }) =>
      this.logger.warn(`RabbitMQ blocked this connection (${reason}); publishes wait`),
    );
    this.manager.on('unblocked', () => this.logger.log('RabbitMQ unblocked this connection'));
  }
}
