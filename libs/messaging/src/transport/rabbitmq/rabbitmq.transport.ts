import type { ConfirmChannel, Options } from 'amqplib';
import { MessagingOptionsFor } from '../../config/messaging-options';
import { assertNamespace } from '../../config/namespace';
import { DeliveryPipeline } from '../../delivery/delivery-pipeline';
import { DeadLetter } from '../../delivery/inbound-message';
import { Envelope } from '../../envelope/envelope';
import { HEADER, WireHeaders } from '../../envelope/envelope-headers';
import { TransportUnavailableError } from '../../errors/transport-unavailable.error';
import { BaseTransport } from '../base.transport';
import { DeadLetterStore } from '../dead-letter-store';
import { BacklogReading, NOTHING_TO_SAMPLE } from '../bus-backlog-gauge';
import { Routes, TransportStatus } from '../transport';
import { amqpTimestamp } from './amqp-headers';
import { ConfirmPublisher } from './confirm-publisher';
import { ConsumerChannel } from './consumer-channel';
import { writeDeadLetter } from './dead-letter.writer';
import { EventConsumer } from './event-consumer';
import { ConsumedQueue, consumedQueues, QueueDepthProbe } from './queue-depth.probe';
import { RabbitMqConnection } from './rabbitmq-connection';
import { RabbitMqDeadLetterStore } from './rabbitmq-dead-letter.store';
import {
  deadLetterQueueName,
  eventExchangeName,
  eventRoutingKey,
  replyQueueName,
  requestQueueName,
} from './rabbitmq-names';
import { declareDeadLetterQueue, declareExchanges, declareReplyQueue } from './rabbitmq-topology';
import { receiveReply } from './reply-receiver';
import { RequestServer } from './request-server';
import { assertPartitions, shardOf } from './shard-of';
import { UnroutedEventHolder } from './unrouted-event.holder';

/**
 * RabbitMQ through amqplib + amqp-connection-manager (not Nest's ServerRMQ, whose defaults lose
 * messages: docs/pitfalls.md#rabbitmq-no-ack). Names and declarations: rabbitmq-names.ts, rabbitmq-topology.ts.
 *
 * - Events: topic exchange → per-service shard queues (single active consumer each): fan-out across
 *   services, order per aggregate (same aggregate, same shard); a service's replicas split its
 *   shards between them and hand them over as replicas come and go (event-consumer.ts).
 * - Requests: the target's own queue via the default exchange; replies to this instance's queue.
 * - Publishes resolve on the broker's confirm; during an outage they wait up to the timeout.
 * - An event no queue is bound to is held, not dropped, and replayed by its first consumer
 *   (unrouted-event.holder.ts).
 * - One connection, a publisher channel (confirms, replies consumed), a consumer channel (requests,
 *   declarations), one channel per owned shard and one for the replicas' announcements; with
 *   metrics on, one more, opened at the first scrape, reads queue depths (queue-depth.probe.ts).
 */
export class RabbitMqTransport extends BaseTransport<MessagingOptionsFor<'rabbitmq'>> {
  readonly name = 'rabbitmq' as const;
  private connection?: RabbitMqConnection;
  private publisher?: ConfirmPublisher;
  private consumer?: ConsumerChannel;
  private events?: EventConsumer;
  private requests?: RequestServer;
  private unrouted?: UnroutedEventHolder;
  /** The queues listen() consumes; their depths are the backlog a scrape reads. */
  private consumed: ConsumedQueue[] = [];
  private depth?: QueueDepthProbe;
  private deadLetterStore?: RabbitMqDeadLetterStore;

  constructor(options: MessagingOptionsFor<'rabbitmq'>) {
    super(options);
    assertNamespace(options.namespace);
    assertPartitions(options.rabbitmq.partitions);
  }

  status(): TransportStatus {
    return {
      transport: this.name,
      connected: (this.publisher && this.connection?.connected) ?? false,
      consuming:
        !this.isClosing && (this.consumer?.consuming ?? false) && (this.events?.consuming ?? true),
      details: {
        partitions: this.options.rabbitmq.partitions,
        ...(this.events ? { shards: this.events.describe() } : {}),
        prefetch: this.options.rabbitmq.prefetch,
        reconnects: this.connection?.reconnects ?? 0,
        pendingRequests: this.pending.size,
        unrouted: { ...this.unrouted?.counts },
      },
    };
  }

  protected async openConnection(): Promise<void> {
    const bound = this.options.publishTimeoutMs;
    // Set at once, so that a close() during the attempt also stops its reconnect loop.
    const connection = (this.connection = new RabbitMqConnection(this.options, this.logger));
    await connection.open(bound);
    const publisher = new ConfirmPublisher(
      connection,
      (channel) => this.setUpPublisher(channel),
      this.logger,
    );
    this.unrouted = new UnroutedEventHolder(this.options, connection, publisher, this.logger);
    try {
      await publisher.ready(bound);
      if (this.isClosing) throw new TransportUnavailableError(this.name, 'the bus is closed');
    } catch (error) {
      await publisher.close(0);
      await connection.close(bound);
      throw error;
    }
    this.publisher = publisher;
  }

  protected async startConsuming(routes: Routes, pipeline: DeliveryPipeline): Promise<void> {
    const { connection, publisher, unrouted } = this.opened();
    const { rabbitmq, service } = this.options;
    const types = [...routes.events.keys()];
    const consumer = new ConsumerChannel(
      connection,
      rabbitmq.prefetch,
      async (channel) => {
        await declareExchanges(channel, this.options);
        await declareDeadLetterQueue(channel, this.options, service);
        if (types.length > 0) await events.declare(channel, types);
        if (routes.requests.size > 0) await requests.setup(channel);
        // Bound now: what was published while nothing was can reach these queues.
        unrouted.replaySoon(types);
      },
      this.logger,
    );
    const events = new EventConsumer(this.options, connection, pipeline, this.logger);
    const requests = new RequestServer(this.options, consumer, pipeline, publisher, this.logger);
    this.consumer = consumer;
    this.requests = requests;
    if (types.length > 0) this.events = events;
    try {
      await consumer.start(this.options.publishTimeoutMs);
      await this.events?.start(this.options.publishTimeoutMs);
    } catch (error) {
      await this.events?.close(0);
      await consumer.close(0);
      throw new TransportUnavailableError(
        'rabbitmq',
        `cannot consume: ${(error as Error).message}`,
        error,
      );
    }
    this.consumed = consumedQueues(this.options, routes);
  }

  protected async sendEvent(envelope: Envelope, headers: WireHeaders, body: Buffer): Promise<void> {
    const { partitions } = this.options.rabbitmq;
    const exchange = eventExchangeName(this.options);
    const routingKey = eventRoutingKey(shardOf(envelope.aggregateId, partitions), envelope.type);
    const { publisher, unrouted } = this.opened();
    const deadline = Date.now() + this.options.publishTimeoutMs;
    const properties: Options.Publish = {
      persistent: true,
      contentType: 'application/json',
      messageId: envelope.messageId,
      correlationId: envelope.correlationId,
      type: envelope.type,
      timestamp: amqpTimestamp(envelope.occurredAt),
      appId: this.options.service,
      headers,
    };
    const outcome = await publisher.publish(
      { exchange, routingKey },
      body,
      // Returned (before its confirm) when no queue is bound to this type: then held, below.
      { ...properties, mandatory: true },
      this.options.publishTimeoutMs,
    );
    if (outcome === 'returned') {
      await unrouted.hold(envelope.type, routingKey, body, properties, Date.now(), deadline);
    }
  }

  protected async sendRequest(
    target: string,
    envelope: Envelope,
    headers: WireHeaders,
    body: Buffer,
    timeoutMs: number,
  ): Promise<void> {
    const { namespace, instanceId } = this.options;
    const replyTo = replyQueueName(namespace, instanceId);
    const requestQueue = requestQueueName(namespace, target);
    const outcome = await this.opened().publisher.publish(
      { exchange: '', routingKey: requestQueue },
      body,
      {
        // Returned (and so failed at once) when `target` never declared its request queue.
        mandatory: true,
        // Useless once the caller gave up: not persisted, and dropped unserved after the timeout.
        persistent: false,
        expiration: String(timeoutMs),
        contentType: 'application/json',
        messageId: envelope.messageId,
        correlationId: envelope.messageId,
        replyTo,
        type: envelope.type,
        timestamp: amqpTimestamp(envelope.occurredAt),
        appId: this.options.service,
        headers: { ...headers, [HEADER.replyTo]: replyTo },
      },
      timeoutMs,
    );
    if (outcome === 'returned') {
      throw new TransportUnavailableError(
        'rabbitmq',
        `no request queue ${requestQueue}: ${target} has never listened on this broker`,
      );
    }
  }

  /** `<service>.dead-letter`, read and settled on channels of its own (rabbitmq-dead-letter.store.ts). */
  override deadLetters(): DeadLetterStore {
    this.deadLetterStore ??= new RabbitMqDeadLetterStore({
      queue: deadLetterQueueName(this.options.namespace, this.options.service),
      timeoutMs: this.options.publishTimeoutMs,
      openChannel: async () => {
        const model = this.connection?.manager.connection;
        if (!model || this.isClosing) {
          throw new TransportUnavailableError('rabbitmq', 'not connected to RabbitMQ');
        }
        return model.createChannel();
      },
      republish: async (queue, body, properties) => {
        const outcome = await this.opened().publisher.publish(
          { exchange: '', routingKey: queue },
          body,
          { ...properties, mandatory: true },
          this.options.publishTimeoutMs,
        );
        if (outcome === 'returned') {
          throw new TransportUnavailableError('rabbitmq', `not replayed: no queue ${queue}`);
        }
      },
    });
    return this.deadLetterStore;
  }

  protected writeDeadLetter(deadLetter: DeadLetter): Promise<void> {
    return writeDeadLetter(this.opened().publisher, this.options, deadLetter);
  }

  protected async stopConsuming(): Promise<void> {
    this.consumer?.stop();
    this.events?.stop();
    await this.requests?.stop();
  }

  protected async disconnect(): Promise<void> {
    const deadline = Date.now() + this.options.shutdownTimeoutMs;
    const left = () => Math.max(0, deadline - Date.now());
    // First: a scrape's check in progress just fails, and none starts on a closing connection.
    await this.depth?.close(left());
    // Order matters (nest#4076): acks of finished handlers first, then channels, then the socket.
    await Promise.all([this.consumer?.close(left()), this.events?.close(left())]);
    await this.unrouted?.close(left());
    await this.publisher?.close(left());
    await this.connection?.close(Math.max(1_000, left()));
  }

  /** The ready messages of the queues listen() consumes; the probe's channel opens at the first scrape. */
  protected override async readBacklog(): Promise<BacklogReading> {
    if (this.consumed.length === 0) return NOTHING_TO_SAMPLE;
    this.depth ??= new QueueDepthProbe(() => this.connection?.manager.connection);
    return this.depth.read(this.consumed);
  }

  private async setUpPublisher(channel: ConfirmChannel): Promise<void> {
    this.unrouted?.channelReset();
    await declareExchanges(channel, this.options);
    const queue = await declareReplyQueue(channel, this.options.namespace, this.options.instanceId);
    await channel.consume(
      queue,
      (message) => {
        if (message) receiveReply(message, this.pending, this.options.maxMessageBytes, this.logger);
      },
      { noAck: true },
    );
  }

  private opened(): {
    connection: RabbitMqConnection;
    publisher: ConfirmPublisher;
    unrouted: UnroutedEventHolder;
  } {
    // `publisher` is set only once the connection is fully up.
    if (!this.connection || !this.publisher || !this.unrouted) {
      throw new TransportUnavailableError('rabbitmq', 'not connected');
    }
    return { connection: this.connection, publisher: this.publisher, unrouted: this.unrouted };
  }
}
