import { Logger } from '@nestjs/common';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, Message, Options, Replies } from 'amqplib';
import { TransportUnavailableError } from '../../errors/transport-unavailable.error';
import { withTimeout } from '../../util/with-timeout';
import { RabbitMqConnection } from './rabbitmq-connection';
import { RecoveryDelay } from './recovery-delay';

export interface PublishTarget {
  exchange: string;
  routingKey: string;
}

/** What the broker said about a `mandatory` message once it confirmed it. */
export type PublishOutcome = 'routed' | 'returned';

/**
 * Publishes on a confirm channel (amqp-connection-manager queues messages while disconnected and
 * re-runs `setup` on every new channel). A publish resolves once the broker confirmed it, and fails
 * with TransportUnavailableError once `timeoutMs` passed: never later, never silently.
 */
export class ConfirmPublisher {
  private readonly wrapper: ChannelWrapper;
  /** messageId → returned? for in-flight mandatory publishes. */
  private readonly returns = new Map<string, boolean>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly recovery = new RecoveryDelay();
  private setupError?: Error;
  private closing = false;

  constructor(
    private readonly connection: RabbitMqConnection,
    setup: (channel: ConfirmChannel) => Promise<void>,
    private readonly logger: Logger,
  ) {
    this.wrapper = connection.manager.createChannel({
      name: 'publisher',
      confirm: true,
      setup: async (channel: ConfirmChannel) => {
        this.recoverWhenClosedAlone(channel);
        channel.on('return', (message: Message) => this.returned(message));
        try {
          await setup(channel);
          this.setupError = undefined;
          this.recovery.reset();
        } catch (error) {
          this.setupError = error as Error;
          throw error;
        }
      },
    });
    this.wrapper.on('error', (error: Error) =>
      this.logger.error(`publisher channel: ${error.message}`),
    );
  }

  /** Resolves once the channel is open and its setup succeeded. */
  async ready(timeoutMs: number): Promise<void> {
    await withTimeout(
      this.wrapper.waitForConnect(),
      timeoutMs,
      () =>
        new TransportUnavailableError('rabbitmq', `publisher channel not ready in ${timeoutMs} ms`),
    );
    if (this.setupError) {
      throw new TransportUnavailableError(
        'rabbitmq',
        `publisher setup failed: ${this.setupError.message}`,
        this.setupError,
      );
    }
  }

  /**
   * `mandatory` messages need a unique `messageId`: the outcome says whether the broker returned
   * the message as unroutable (it confirms those too).
   */
  publish(
    target: PublishTarget,
    body: Buffer,
    properties: Options.Publish,
    timeoutMs: number,
  ): Promise<PublishOutcome> {
    if (this.closing) {
      return Promise.reject(new TransportUnavailableError('rabbitmq', 'the publisher is closed'));
    }
    const work = this.send(target, body, properties, timeoutMs);
    this.inFlight.add(work);
    const forget = () => this.inFlight.delete(work);
    work.then(forget, forget);
    return work;
  }

  /**
   * Declares a queue on this channel. While disconnected amqp-connection-manager skips it silently;
   * a `mandatory` publish to the queue then reports it missing.
   */
  assertQueue(queue: string, options?: Options.AssertQueue): Promise<Replies.AssertQueue> {
    return this.wrapper.assertQueue(queue, options);
  }

  /** Waits (bounded) for publishes awaiting their confirm, then closes the channel. */
  async close(timeoutMs: number): Promise<void> {
    this.closing = true;
    const settled = Promise.allSettled([...this.inFlight]);
    await withTimeout(settled, timeoutMs, () => new Error('timeout')).catch(() =>
      this.logger.warn(`${this.inFlight.size} publish(es) unconfirmed at close; they fail`),
    );
    await this.wrapper.close().catch(() => undefined);
  }

  private async send(
    target: PublishTarget,
    body: Buffer,
    properties: Options.Publish,
    timeoutMs: number,
  ): Promise<PublishOutcome> {
    const deadline = Date.now() + timeoutMs;
    const id = properties.mandatory ? properties.messageId : undefined;
    if (id) this.returns.set(id, false);
    try {
      for (;;) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) break;
        try {
          await this.wrapper.publish(target.exchange, target.routingKey, body, {
            ...properties,
            timeout: remaining,
          });
          return id && this.returns.get(id) ? 'returned' : 'routed';
        } catch (error) {
          // The channel died before the broker confirmed: the message may or may not be stored, so
          // send it again (at-least-once; consumers dedupe by message id). amqp-connection-manager
          // holds it until the next channel is up.
          if (this.closing || !isLostBeforeConfirm(error)) throw unavailable(error, timeoutMs);
          this.logger.debug(
            `re-publishing to ${target.exchange || target.routingKey}: ${(error as Error).message}`,
          );
        }
      }
      throw unavailable(new Error('timeout'), timeoutMs);
    } finally {
      if (id) this.returns.delete(id);
    }
  }

  private returned(message: Message): void {
    const id = message.properties.messageId as string | undefined;
    if (id !== undefined && this.returns.has(id)) this.returns.set(id, true);
  }

  /**
   * amqp-connection-manager re-creates channels only after the CONNECTION comes back; a channel the
   * broker closed on its own (e.g. 404 after someone deleted the exchange) stays dead, and every
   * publish would time out (jwalton/node-amqp-connection-manager#347). Force a reconnect then.
   */
  private recoverWhenClosedAlone(channel: ConfirmChannel): void {
    const manager = this.connection.manager;
    const owner = manager.connection;
    channel.once('close', () => {
      // Closing a connection closes its channels first; one tick later we know which case this is.
      setImmediate(() => {
        if (this.closing || !owner || manager.connection !== owner) return;
        const delay = this.recovery.next();
        this.logger.warn(`publisher channel closed by the broker; reconnecting in ${delay} ms`);
        const timer = setTimeout(() => {
          if (!this.closing && manager.connection === owner) manager.reconnect();
        }, delay);
        timer.unref();
      });
    });
  }
}

function isLostBeforeConfirm(error: unknown): boolean {
  const message = (error as Error | undefined)?.message;
  return message === 'channel closed' || message === 'message nacked';
}

function unavailable(error: unknown, timeoutMs: number): TransportUnavailableError {
  const message = (error as Error | undefined)?.message;
  const detail =
    message === 'timeout'
      ? `no broker confirm within ${timeoutMs} ms`
      : `publish failed: ${message}`;
  return new TransportUnavailableError('rabbitmq', detail, error);
}
