import { Logger } from '@nestjs/common';
import type { Channel, ConsumeMessage } from 'amqplib';
import { MessagingOptionsFor } from '../../config/messaging-options';
import { DeliveryPipeline } from '../../delivery/delivery-pipeline';
import { toWireHeaders } from './amqp-headers';
import { ConsumerChannel } from './consumer-channel';
import { RabbitMqConnection } from './rabbitmq-connection';
import { eventQueueName } from './rabbitmq-names';
import { declareDeadLetterQueue, declareEventQueue, declareEventQueues } from './rabbitmq-topology';
import { SerialLanes } from './serial-lanes';
import { assignShards } from './shard-assignment';
import { ShardMembership } from './shard-membership';

/** A shard this replica consumes: its queue and the channel it is consumed on. */
interface OwnedShard {
  readonly shard: number;
  readonly queue: string;
  readonly channels: ConsumerChannel;
}

/**
 * Consumes the shard queues this replica owns. The replicas of a service split the shards between
 * them (shard-membership.ts says who is alive, shard-assignment.ts who owns what), and each owned
 * shard is consumed on a channel of its own, so that handing it to another replica is closing that
 * channel: its running work finishes and is acked first, then RabbitMQ returns what was buffered to
 * the queue, in order, atomically with dropping the consumer. Single-active-consumer stays on every
 * shard queue as the safety net: while replicas disagree about an owner (one has not heard of a
 * newcomer yet), the second consumer of a shard waits as a standby and gets it only once the first
 * one's channel closed, so a shard never has two consumers at once.
 *
 * Each shard is a lane: its messages reach the pipeline one after another (ordering per aggregate),
 * shards in parallel. Manual acks only, after the pipeline resolved (handled or dead-lettered):
 * never `noAck` (a throwing handler would lose the message) and never a message left unacked with
 * the consumer frozen (docs/pitfalls.md#rabbitmq-no-ack).
 */
export class EventConsumer {
  private readonly lanes = new SerialLanes();
  /** The channel of each shard this replica consumes, by shard number. */
  private readonly shards = new Map<number, ConsumerChannel>();
  /** Shards being handed over: closing once their running work is acked. */
  private readonly releasing = new Set<Promise<void>>();
  private membership?: ShardMembership;
  private types: string[] = [];
  /** Shards handed back after a failure: their next channel declares what they need anew. */
  private readonly suspect = new Set<number>();
  private stopped = false;

  constructor(
    private readonly options: MessagingOptionsFor<'rabbitmq'>,
    private readonly connection: RabbitMqConnection,
    private readonly pipeline: DeliveryPipeline,
    private readonly logger: Logger,
  ) {}

  /** Every shard queue with its bindings, owned or not: events are routed whoever consumes them. */
  async declare(channel: Channel, types: string[]): Promise<void> {
    await declareEventQueues(channel, this.options, this.options.service, types);
    this.types = types;
  }

  /**
   * Joins the service's replicas and consumes the shards this one owns; resolves once those are
   * consuming. Alone (or first), it owns every shard; others take theirs as they are heard of.
   */
  async start(timeoutMs: number): Promise<void> {
    const membership = new ShardMembership(
      this.connection,
      this.options,
      (members) => this.assign(members),
      this.logger,
    );
    this.membership = membership;
    await membership.start(timeoutMs);
    this.assign(membership.members);
    await Promise.all([...this.shards.values()].map((channels) => channels.ready(timeoutMs)));
  }

  get consuming(): boolean {
    return [...this.shards.values()].every((channels) => channels.consuming);
  }

  /** For status(): the shards this replica consumes and how many replicas it shares them with. */
  describe(): { owned: number[]; replicas: number } {
    return {
      owned: [...this.shards.keys()].sort((a, b) => a - b),
      replicas: this.membership?.members.length ?? 0,
    };
  }

  /**
   * Shutdown, first step: no new work starts, and the others are told this replica leaves, so they
   * subscribe to its shards now and get them the moment close() hands them back.
   */
  stop(): void {
    this.stopped = true;
    this.membership?.leave();
    for (const channels of this.shards.values()) channels.stop();
  }

  /** Waits (bounded) for running work to ack, then hands every shard back. */
  async close(timeoutMs: number): Promise<void> {
    this.stopped = true;
    const closing = [...this.shards.values()].map((channels) => channels.close(timeoutMs));
    this.shards.clear();
    await Promise.all([...closing, ...this.releasing, this.membership?.close(timeoutMs)]);
  }

  private assign(members: readonly string[]): void {
    if (this.stopped) return;
    const { rabbitmq, instanceId } = this.options;
    const mine = new Set(assignShards(rabbitmq.partitions, members).get(instanceId) ?? []);
    const before = [...this.shards.keys()];
    for (const [shard, channels] of this.shards) {
      if (!mine.has(shard)) this.release(shard, channels);
    }
    for (const shard of mine) {
      if (!this.shards.has(shard)) this.acquire(shard);
    }
    const after = [...this.shards.keys()].sort((a, b) => a - b);
    if (after.join() !== before.sort((a, b) => a - b).join()) {
      this.logger.log(
        `consuming shard(s) [${after.join(', ')}] of ${rabbitmq.partitions}, ${members.length} replica(s)`,
      );
    }
  }

  private acquire(shard: number): void {
    const queue = eventQueueName(this.options.namespace, this.options.service, shard);
    const owned: OwnedShard = {
      shard,
      queue,
      channels: new ConsumerChannel(
        this.connection,
        this.options.rabbitmq.prefetch,
        (channel) => this.consume(owned, channel),
        this.logger,
        `channel of ${queue}`,
      ),
    };
    this.shards.set(shard, owned.channels);
    owned.channels.begin();
  }

  /**
   * Another replica owns it now: single-active-consumer gives it the shard once this channel
   * closed, after the running event was acked.
   */
  private release(shard: number, channels: ConsumerChannel): void {
    this.shards.delete(shard);
    const closing = channels.close(this.options.shutdownTimeoutMs);
    this.releasing.add(closing);
    void closing.finally(() => this.releasing.delete(closing));
  }

  private async consume(owned: OwnedShard, channel: Channel): Promise<void> {
    const { service } = this.options;
    // Declared already by declare(); after a failure maybe deleted, with its bindings.
    const repair = this.suspect.has(owned.shard);
    if (repair) await declareDeadLetterQueue(channel, this.options, service);
    await declareEventQueue(channel, this.options, service, owned.shard, repair ? this.types : []);
    this.suspect.delete(owned.shard);
    await channel.consume(owned.queue, (message) => this.onDelivery(owned, channel, message), {
      noAck: false,
    });
  }

  private onDelivery(owned: OwnedShard, channel: Channel, message: ConsumeMessage | null): void {
    if (message === null) {
      // The broker cancelled the consumer (queue deleted, node going down): consume anew.
      this.handBack(owned, channel, `the broker cancelled the consumer of ${owned.queue}`);
      return;
    }
    // Lanes outlive channels: a redelivery waits until its earlier copy finished.
    owned.channels.track(this.lanes.run(owned.queue, () => this.handle(owned, channel, message)));
  }

  /**
   * Hands everything unacked on the shard's channel back (in order) and consumes anew after a
   * pause. What failed may be a queue someone deleted (the shard's, the dead-letter queue): the
   * next channel declares them, and the shard's bindings, again.
   */
  private handBack(owned: OwnedShard, channel: Channel, reason: string): void {
    this.suspect.add(owned.shard);
    void owned.channels.recycle(channel, reason, this.options.shutdownTimeoutMs);
  }

  private async handle(
    owned: OwnedShard,
    channel: Channel,
    message: ConsumeMessage,
  ): Promise<void> {
    const { channels, queue } = owned;
    // Not started: left unacked, the broker gives it back in order when the channel closes.
    if (!channels.accepts(channel)) return;
    const inbound = {
      source: queue,
      headers: toWireHeaders(message.properties.headers),
      body: message.content,
    };
    try {
      await this.pipeline.deliverEvent(inbound);
    } catch (error) {
      // Dead-letter write failed, or shutdown interrupted a retry: the message must not be acked.
      const reason = `${queue} delivery ${message.fields.deliveryTag} not done: ${(error as Error).message}`;
      if (channels.stopping) {
        this.logger.warn(`${reason}; left for redelivery`);
        return;
      }
      // A nack would requeue it behind messages of its shard already buffered here; handing the
      // shard's channel back keeps the shard's order.
      this.handBack(owned, channel, reason);
      return;
    }
    channels.ack(channel, message);
  }
}
