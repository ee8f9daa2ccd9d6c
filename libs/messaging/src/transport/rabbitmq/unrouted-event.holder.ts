import { Logger } from '@nestjs/common';
import type { Channel, GetMessage, Options } from 'amqplib';
import { MessagingOptionsFor } from '../../config/messaging-options';
import { TransportUnavailableError } from '../../errors/transport-unavailable.error';
import { ConfirmPublisher } from './confirm-publisher';
import { RabbitMqConnection } from './rabbitmq-connection';
import { eventExchangeName, unroutedQueueName } from './rabbitmq-names';
import { declareUnroutedQueue } from './rabbitmq-topology';

/** Set on a held copy only, and removed when it is offered to the exchange again. */
export const UNROUTED_HEADER = {
  /** The routing key the event was first published with (its shard and type). */
  routingKey: 'rl-unrouted-routing-key',
  /** Epoch ms when it was first held: retention counts from here, across re-holds. */
  since: 'rl-unrouted-since',
} as const;

export interface UnroutedCounts {
  /** Events the broker returned as unroutable, stored in a holding queue. */
  held: number;
  /** Held events offered to the exchange again and routed this time. */
  replayed: number;
  /** Held events found past their retention during a replay, dropped. */
  expired: number;
}

/**
 * Events are published `mandatory`: one the exchange cannot route (no queue bound to its type yet:
 * a fresh vhost before its subscriber's first start, a type deployed before its consumer) comes
 * back to us before its confirm, and is then stored in the type's holding queue
 * (`<exchange>.unrouted.<type>`) before publish() resolves. Nothing is confirmed into the void.
 *
 * A consumer, once it has bound its queues, replays the holding queues of the types it subscribes
 * to: a bounded pass (the messages there when it began), each republished with its first routing
 * key and confirmed before it is acked; one still unroutable is held again with its remaining
 * retention. A second pass follows publishTimeoutMs later: a publisher whose event was returned
 * just before the binding stores it within that time (or its publish fails and the outbox retries).
 *
 * Why not an alternate exchange: setting one on the existing events exchange is a 406 (exchange
 * arguments cannot change) unless an operator adds a policy, and one shared holding queue would make
 * every consumer scan events of types nobody consumes (order.created) at each start. This works on
 * every existing vhost as is, and a replay touches only the types its consumer subscribes to.
 *
 * Retention is per message (`expiration`), so the broker drops a held event once it is older than
 * MESSAGING_UNROUTED_RETENTION_MS even if no consumer ever comes: nothing grows forever.
 */
export class UnroutedEventHolder {
  readonly counts: UnroutedCounts = { held: 0, replayed: 0, expired: 0 };
  /** Holding queues declared on the current publisher channel. */
  private readonly declared = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private running?: Promise<void>;
  private closed = false;

  constructor(
    private readonly options: MessagingOptionsFor<'rabbitmq'>,
    private readonly connection: RabbitMqConnection,
    private readonly publisher: ConfirmPublisher,
    private readonly logger: Logger,
  ) {}

  /** The publisher channel was (re)opened: queues must be declared again on it. */
  channelReset(): void {
    this.declared.clear();
  }

  /**
   * Stores an event the exchange returned. Resolves once the broker confirmed the held copy; fails
   * with TransportUnavailableError otherwise, so the caller (the outbox) keeps the event.
   */
  async hold(
    type: string,
    routingKey: string,
    body: Buffer,
    properties: Options.Publish,
    since: number,
    deadline: number,
  ): Promise<void> {
    const remaining = since + this.options.unrouted.retentionMs - Date.now();
    const queue = unroutedQueueName(eventExchangeName(this.options), type);
    if (!this.declared.has(queue)) {
      await declareUnroutedQueue(this.publisher, this.options, type);
      this.declared.add(queue);
    }
    const outcome = await this.publisher.publish(
      { exchange: '', routingKey: queue },
      body,
      {
        ...properties,
        mandatory: true,
        expiration: String(Math.max(1, Math.floor(remaining))),
        headers: {
          ...properties.headers,
          [UNROUTED_HEADER.routingKey]: routingKey,
          [UNROUTED_HEADER.since]: String(since),
        },
      },
      Math.max(1, deadline - Date.now()),
    );
    if (outcome === 'returned') {
      this.declared.delete(queue); // deleted behind our back: declared again by the next try
      throw new TransportUnavailableError(
        'rabbitmq',
        `${type} has no subscriber and its holding queue ${queue} is missing`,
      );
    }
    this.counts.held++;
  }

  /** Replays `types` now and once more after publishTimeoutMs; never throws (logs instead). */
  replaySoon(types: string[]): void {
    if (types.length === 0 || this.closed) return;
    this.enqueue(types);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.enqueue(types);
    }, this.options.publishTimeoutMs);
    timer.unref();
    this.timers.add(timer);
  }

  /** Stops replaying; waits (bounded) for the pass in progress. Unacked gets return to their queue. */
  async close(timeoutMs: number): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (!this.running) return;
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([this.running, bound]);
    clearTimeout(timer);
  }

  /** Passes run one after another, so two never republish the same held event at once. */
  private enqueue(types: string[]): void {
    const previous = this.running ?? Promise.resolve();
    const pass = previous
      .then(() => this.replay(types))
      .catch((error: Error) =>
        this.logger.warn(`replaying held events stopped: ${error.message}; the next start retries`),
      )
      .finally(() => {
        if (this.running === pass) this.running = undefined;
      });
    this.running = pass;
  }

  private async replay(types: string[]): Promise<void> {
    let channel: Channel | undefined;
    try {
      for (const type of types) {
        if (this.closed) return;
        channel ??= await this.openChannel();
        const queue = unroutedQueueName(eventExchangeName(this.options), type);
        let count: number;
        try {
          ({ messageCount: count } = await channel.checkQueue(queue));
        } catch {
          channel = undefined; // 404: never held anything; the broker closed the channel
          continue;
        }
        const replayed = await this.replayQueue(channel, queue, count);
        if (replayed > 0) this.logger.log(`replayed ${replayed} held ${type} event(s)`);
      }
    } finally {
      await channel?.close().catch(() => undefined);
    }
  }

  private async replayQueue(channel: Channel, queue: string, count: number): Promise<number> {
    let replayed = 0;
    for (let taken = 0; taken < count && !this.closed; taken++) {
      const message = await channel.get(queue, { noAck: false });
      if (message === false) break;
      if (await this.reoffer(message)) replayed++;
      channel.ack(message);
    }
    return replayed;
  }

  /** True if routed now; false if dropped (expired) or held again. Throws if neither happened. */
  private async reoffer(message: GetMessage): Promise<boolean> {
    const { headers = {}, ...rest } = message.properties;
    const {
      [UNROUTED_HEADER.routingKey]: routingKey,
      [UNROUTED_HEADER.since]: sinceText,
      ...original
    } = headers as Record<string, unknown>;
    const since = Number(sinceText);
    const type = String(rest.type ?? '');
    if (typeof routingKey !== 'string' || !Number.isFinite(since)) {
      this.logger.warn(`dropping a held message without its routing key (${rest.messageId})`);
      this.counts.expired++;
      return false;
    }
    if (Date.now() - since >= this.options.unrouted.retentionMs) {
      this.logger.warn(`dropping held ${type} ${rest.messageId}: no subscriber within retention`);
      this.counts.expired++;
      return false;
    }
    const properties: Options.Publish = {
      persistent: true,
      contentType: rest.contentType as string | undefined,
      messageId: rest.messageId as string | undefined,
      correlationId: rest.correlationId as string | undefined,
      type: rest.type as string | undefined,
      timestamp: rest.timestamp as number | undefined,
      appId: rest.appId as string | undefined,
      headers: original,
    };
    const deadline = Date.now() + this.options.publishTimeoutMs;
    const outcome = await this.publisher.publish(
      { exchange: eventExchangeName(this.options), routingKey },
      message.content,
      { ...properties, mandatory: true },
      this.options.publishTimeoutMs,
    );
    if (outcome === 'routed') {
      this.counts.replayed++;
      return true;
    }
    await this.hold(type, routingKey, message.content, properties, since, deadline);
    this.counts.held--; // the same event held again, not a new one
    return false;
  }

  private async openChannel(): Promise<Channel> {
    const model = this.connection.manager.connection;
    if (!model) throw new Error('not connected');
    const channel = await model.createChannel();
    channel.on('error', () => undefined); // a 404 from checkQueue closes it; handled per call
    return channel;
  }
}
