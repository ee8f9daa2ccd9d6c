import { Logger } from '@nestjs/common';
import type { Channel, Message } from 'amqplib';
import { withTimeout } from '../../util/with-timeout';
import { RabbitMqConnection } from './rabbitmq-connection';
import { RecoveryDelay } from './recovery-delay';

/** Declares queues and starts consumers on a freshly opened channel. */
export type ConsumerSetup = (channel: Channel) => Promise<void>;

/**
 * A channel that consumes some of this service's queues, re-opened after a reconnect or after the
 * broker closed it alone. The transport has one for its request queue and bindings, one per shard
 * it consumes (event-consumer.ts: a shard is handed to another replica by closing its channel), and
 * one for the membership announcements (shard-membership.ts).
 *
 * Deliberately not an amqp-connection-manager ChannelWrapper: its `ack` goes to whatever channel
 * is current, but delivery tags belong to the channel that delivered, and an old tag acked on a
 * new channel closes it with 406 "unknown delivery tag" (jwalton/node-amqp-connection-manager #58,
 * #297); and it never re-opens a channel the broker closed on its own (#347). Here every delivery
 * is acked on its own channel or not at all: once that channel is gone, the broker has already
 * requeued the message.
 */
export class ConsumerChannel {
  private current?: Channel;
  private opening?: Promise<void>;
  /** Channels being handed back: no new work starts from them. */
  private readonly retired = new WeakSet<Channel>();
  private readonly tasks = new Set<Promise<unknown>>();
  private readonly recovery = new RecoveryDelay();
  private reopenTimer?: NodeJS.Timeout;
  private stopped = false;
  private readonly onConnect = () => this.openInBackground();

  constructor(
    private readonly connection: RabbitMqConnection,
    private readonly prefetch: number,
    private readonly setup: ConsumerSetup,
    private readonly logger: Logger,
    /** Names the channel in logs. */
    private readonly label = 'consumer channel',
  ) {}

  /** Opens the channel and runs `setup` (rejecting if that fails), then again after every loss. */
  async start(timeoutMs: number): Promise<void> {
    this.connection.manager.on('connect', this.onConnect);
    await this.ready(timeoutMs);
  }

  /** start() with nobody waiting: a failed setup is retried after a pause, like a lost channel. */
  begin(): void {
    this.connection.manager.on('connect', this.onConnect);
    this.openInBackground();
  }

  /** Resolves once the channel is open and set up, opening it now if it is not. */
  async ready(timeoutMs: number): Promise<void> {
    await withTimeout(
      this.open(),
      timeoutMs,
      () => new Error(`${this.label} not set up within ${timeoutMs} ms`),
    );
  }

  get consuming(): boolean {
    return this.current !== undefined && !this.stopped;
  }

  get stopping(): boolean {
    return this.stopped;
  }

  /** May work delivered on `channel` start now? */
  accepts(channel: Channel): boolean {
    return !this.stopped && channel === this.current && !this.retired.has(channel);
  }

  /** Keeps `work` (handling, ack, reply) in view so close() can wait for it. */
  track(work: Promise<unknown>): void {
    this.tasks.add(work);
    const forget = () => this.tasks.delete(work);
    work.then(forget, forget);
  }

  ack(channel: Channel, message: Message): void {
    this.settleOn(channel, message, 'ack', () => channel.ack(message));
  }

  /** Back to the queue now (requests only: an event must not overtake its shard's order). */
  requeue(channel: Channel, message: Message): void {
    this.settleOn(channel, message, 'nack', () => channel.nack(message, false, true));
  }

  /**
   * Hands everything unacked on `channel` back to the broker: no new work starts from it, running
   * work finishes (bounded by `waitMs`), then the channel closes. RabbitMQ returns a closed channel's
   * unacked messages to their original queue positions, atomically with dropping its consumers, so
   * no instance can see a shard out of order. A fresh channel follows after a pause.
   */
  async recycle(channel: Channel, reason: string, waitMs: number): Promise<void> {
    if (channel !== this.current || this.retired.has(channel)) return;
    this.retired.add(channel);
    this.logger.warn(`recycling the ${this.label}: ${reason}`);
    await this.settle(waitMs);
    await closeQuietly(channel);
  }

  /**
   * Shutdown, first step: no new work starts. Shard consumers stay until close() (see recycle):
   * cancelling one and then nacking what it holds is not the same. On RabbitMQ 3.10 the standby
   * single-active consumer takes over at the first nack, gets the messages behind the unacked
   * ones, and the other nacked ones reach it after those (measured).
   */
  stop(): void {
    this.stopped = true;
  }

  /** Shutdown: waits (bounded) for running work to ack, then closes the channel. */
  async close(timeoutMs: number): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reopenTimer);
    this.connection.manager.removeListener('connect', this.onConnect);
    if (!(await this.settle(timeoutMs))) {
      this.logger.warn(
        `${this.label}: ${this.tasks.size} delivery(ies) unfinished at close; the broker redelivers them`,
      );
    }
    await this.opening?.catch(() => undefined);
    if (this.current) await closeQuietly(this.current);
  }

  private async settle(timeoutMs: number): Promise<boolean> {
    if (this.tasks.size === 0) return true;
    const all = Promise.allSettled([...this.tasks]).then(() => true);
    return withTimeout(all, timeoutMs, () => new Error('timeout')).catch(() => false);
  }

  private settleOn(channel: Channel, message: Message, verb: string, send: () => void): void {
    if (channel !== this.current) {
      this.logger.debug(
        `no ${verb} for delivery ${message.fields.deliveryTag}: its channel is gone, the broker requeued it`,
      );
      return;
    }
    try {
      send();
    } catch (error) {
      this.logger.debug(
        `${verb} failed (${(error as Error).message}); the broker redelivers the message`,
      );
    }
  }

  private openInBackground(): void {
    if (this.stopped) return;
    this.open().catch((error: Error) => {
      this.logger.error(`${this.label} setup failed: ${error.message}`);
      this.scheduleReopen();
    });
  }

  private open(): Promise<void> {
    this.opening ??= this.openChannel().finally(() => (this.opening = undefined));
    return this.opening;
  }

  private async openChannel(): Promise<void> {
    const model = this.connection.manager.connection;
    if (this.stopped || this.current) return;
    if (!model) throw new Error('not connected');
    const channel = await model.createChannel();
    channel.on('error', (error: Error) => this.logger.warn(`${this.label}: ${error.message}`));
    channel.on('close', () => this.onClosed(channel));
    // Current before setup: deliveries arrive as soon as the first consumer starts.
    this.current = channel;
    try {
      await channel.prefetch(this.prefetch);
      await this.setup(channel);
      this.recovery.reset();
    } catch (error) {
      await closeQuietly(channel);
      throw error;
    }
  }

  private onClosed(channel: Channel): void {
    if (channel !== this.current) return;
    this.current = undefined;
    this.scheduleReopen();
  }

  /** After a reconnect the manager's `connect` event re-opens at once; this covers a lone channel. */
  private scheduleReopen(): void {
    if (this.stopped || this.reopenTimer) return;
    const delay = this.recovery.next();
    this.reopenTimer = setTimeout(() => {
      this.reopenTimer = undefined;
      if (this.connection.connected) this.openInBackground();
    }, delay);
    this.reopenTimer.unref();
  }
}

async function closeQuietly(channel: Channel): Promise<void> {
  try {
    await channel.close();
  } catch {
    // Already closed (by the broker or with its connection): nothing is left to hand back.
  }
}
