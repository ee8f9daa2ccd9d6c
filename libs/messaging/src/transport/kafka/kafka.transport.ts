import { randomUUID } from 'node:crypto';
import { Admin, Kafka, KafkaMessage, Partitioners, Producer } from 'kafkajs';
import { MessagingOptionsFor } from '../../config/messaging-options';
import { assertNamespace } from '../../config/namespace';
import { DeliveryPipeline } from '../../delivery/delivery-pipeline';
import { DeadLetter } from '../../delivery/inbound-message';
import { Envelope } from '../../envelope/envelope';
import { HEADER, WireHeaders } from '../../envelope/envelope-headers';
import { TransportUnavailableError } from '../../errors/transport-unavailable.error';
import { withTimeout } from '../../util/with-timeout';
import { BaseTransport } from '../base.transport';
import { DeadLetterStore } from '../dead-letter-store';
import { BacklogReading, NOTHING_TO_SAMPLE } from '../bus-backlog-gauge';
import { Routes, TransportStatus } from '../transport';
import { createKafkaClient } from './kafka-client.factory';
import { ConsumedTopics, readConsumerLag } from './kafka-consumer-lag';
import { SupervisedConsumer } from './kafka-consumer.supervisor';
import { deadLetterRecord } from './kafka-dead-letter';
import { KafkaDeadLetterStore } from './kafka-dead-letter.store';
import { retryTransient } from './kafka-transient-retry';
import { describeError } from './kafka-error';
import { newGroupStart, newGroupStarts, TopicPartitions } from './kafka-group-start';
import { KAFKA_HEADER } from './kafka-headers';
import { toInboundMessage } from './kafka-inbound';
import { KafkaLiveness } from './kafka-liveness';
import { readLogToEnd } from './kafka-log-reader';
import { KafkaPublisher, OutboundRecord } from './kafka-publisher';
import { KafkaReplyChannel } from './kafka-reply-channel';
import { requestHandler } from './kafka-request.handler';
import {
  deadLetterReaderGroup,
  deadLetterTopic,
  eventGroup,
  eventTopic,
  requestGroup,
  requestTopic,
} from './kafka-topic-names';
import { KafkaTopology, TopicSpec } from './kafka-topology';
import {
  deadLetterTopicMaxMessageBytes,
  KAFKA_TUNING,
  PRODUCER_RETRY,
  topicMaxMessageBytes,
} from './kafka-tuning';

/** One read of the dead-letter topics: joining a fresh group takes seconds; bounded in bytes. */
const DEAD_LETTER_READ = { timeoutMs: 30_000, maxBytes: 64 * 1024 * 1024 };

/** The clients that exist while connected; built by openConnection, torn down by disconnect. */
interface Connection {
  producer: Producer;
  admin: Admin;
  topology: KafkaTopology;
  publisher: KafkaPublisher;
  replies: KafkaReplyChannel;
}

/**
 * The bus over Kafka with kafkajs, no Nest ServerKafka (docs/pitfalls.md#kafka-nest-server).
 * Topology, every name inside the namespace (kafka-topic-names.ts):
 *  - event type T -> topic `T`, key = aggregateId (one aggregate, one partition, in order);
 *    consumer group = the service name, so services fan out and a service's replicas compete;
 *  - dead letters of topic X -> `X.dlq`, same key and headers plus the dead-letter headers;
 *  - requests to service S -> `rpc.S`, group `S.rpc`; replies -> one partition of the requesting
 *    service's `rpc.reply.<service>` topic (see KafkaReplyChannel);
 *  - a group starts on a partition it never committed as KAFKA_NEW_GROUP_START says
 *    (kafka-group-start.ts).
 */
export class KafkaTransport extends BaseTransport<MessagingOptionsFor<'kafka'>> {
  readonly name = 'kafka' as const;
  private readonly kafka: Kafka;
  private readonly liveness: KafkaLiveness;
  private readonly consumers: SupervisedConsumer[] = [];
  private connection?: Connection;
  private listening = false;
  /** The groups listen() joined and their topics; their lag is the backlog a scrape reads. */
  private consumed: ConsumedTopics[] = [];
  /** The `<topic>.dlq` of each topic listen() consumes: where this service's dead letters are. */
  private deadLetterSources: string[] = [];
  private deadLetterStore?: KafkaDeadLetterStore;

  constructor(options: MessagingOptionsFor<'kafka'>) {
    super(options);
    assertNamespace(options.namespace);
    this.kafka = createKafkaClient(options, this.logger);
    this.liveness = new KafkaLiveness(this.logger, () => this.probeBroker());
  }

  status(): TransportStatus {
    const connected = !!this.connection && !this.isClosing && this.liveness.isReachable();
    const consuming =
      connected && this.listening && this.consumers.every((consumer) => consumer.isJoined);
    return {
      transport: this.name,
      connected,
      consuming,
      details: {
        brokers: this.options.kafka.brokers,
        msSinceBrokerResponse: this.liveness.msSinceLastResponse(),
        publishQueue: this.connection?.publisher.queued ?? 0,
        replyTopic: this.connection?.replies.topic,
        replyPartition: this.connection?.replies.isJoined
          ? this.connection.replies.partition
          : undefined,
        consumers: this.consumers.map((consumer) => consumer.describe()),
      },
    };
  }

  protected async openConnection(): Promise<void> {
    const producer = this.kafka.producer({
      // One request in flight and no idempotence (experimental in kafkajs,
      // docs/pitfalls.md#kafka-idempotent-producer): with the publisher's single in-flight batch,
      // a retried batch is never overtaken.
      maxInFlightRequests: 1,
      idempotent: false,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: PRODUCER_RETRY,
    });
    const admin = this.kafka.admin();
    producer.on(producer.events.REQUEST, this.liveness.onResponse);
    admin.on(admin.events.REQUEST, this.liveness.onResponse);
    const topology = new KafkaTopology(admin, this.logger);
    const connection: Connection = {
      producer,
      admin,
      topology,
      publisher: new KafkaPublisher(producer, this.logger),
      replies: new KafkaReplyChannel(this.replyChannelOwner(), {
        kafka: this.kafka,
        admin,
        topology,
        pending: this.pending,
        logger: this.logger,
        onResponse: this.liveness.onResponse,
      }),
    };
    const open = async () => {
      await Promise.all([producer.connect(), admin.connect()]);
      await retryTransient(
        'opening the reply channel',
        () => connection.replies.open(),
        this.logger,
      );
    };
    try {
      await withTimeout(open(), KAFKA_TUNING.connectTimeoutMs, () => new Error('timed out'));
    } catch (error) {
      await this.closeConnection(connection, KAFKA_TUNING.connectionTimeoutMs);
      throw new TransportUnavailableError(
        this.name,
        `cannot connect to ${this.options.kafka.brokers.join(',')}: ${describeError(error)}`,
        error,
      );
    }
    if (this.isClosing) {
      // close() ran while we were connecting: it found nothing to close, so close this here.
      await this.closeConnection(connection, this.options.shutdownTimeoutMs);
      throw new TransportUnavailableError(this.name, 'the bus closed while connecting');
    }
    this.connection = connection;
    this.liveness.start();
    this.logger.log(`connected to Kafka ${this.options.kafka.brokers.join(',')}`);
  }

  protected async startConsuming(routes: Routes, pipeline: DeliveryPipeline): Promise<void> {
    const { service, kafka, namespace } = this.options;
    const { topology, publisher } = this.open();
    const eventTopics = [...routes.events.keys()].map((type) => eventTopic(namespace, type));
    const consumed: ConsumedTopics[] = [];
    if (eventTopics.length > 0) {
      const groupId = eventGroup(namespace, service);
      await topology.ensure(eventTopics.flatMap((topic) => this.topicWithDeadLetters(topic)));
      this.consumers.push(
        this.consumer(
          'events',
          groupId,
          eventTopics,
          kafka.partitionsConsumedConcurrently,
          (m, t) => pipeline.deliverEvent(toInboundMessage(t, m)),
        ),
      );
      consumed.push({ kind: 'event', groupId, topics: eventTopics });
    }
    if (routes.requests.size > 0) {
      const topic = requestTopic(namespace, service);
      const groupId = requestGroup(namespace, service);
      await topology.ensure(this.topicWithDeadLetters(topic));
      const serve = requestHandler(pipeline, publisher, this.options, this.logger);
      this.consumers.push(
        this.consumer(
          'requests',
          groupId,
          [topic],
          kafka.partitionsConsumedConcurrently,
          serve,
          kafka.requestConcurrency,
        ),
      );
      consumed.push({ kind: 'request', groupId, topics: [topic] });
    }
    await Promise.all(
      this.consumers.map((consumer) =>
        retryTransient('starting a consumer', () => consumer.start(), this.logger),
      ),
    );
    this.listening = true;
    this.consumed = consumed;
    this.deadLetterSources = consumed.flatMap(({ topics }) => topics.map(deadLetterTopic));
  }

  protected async sendEvent(envelope: Envelope, headers: WireHeaders, body: Buffer): Promise<void> {
    const topic = eventTopic(this.options.namespace, envelope.type);
    await this.produce(
      { topic, key: envelope.aggregateId, value: body, headers },
      this.options.publishTimeoutMs,
      [this.topicSpec(topic)],
    );
  }

  protected async sendRequest(
    target: string,
    envelope: Envelope,
    headers: WireHeaders,
    body: Buffer,
    timeoutMs: number,
  ): Promise<void> {
    // Sent along so the server skips requests nobody awaits any more.
    const deadline = Date.now() + timeoutMs;
    const topic = requestTopic(this.options.namespace, target);
    const { replies } = this.open();
    const record: OutboundRecord = {
      topic,
      key: envelope.aggregateId,
      value: body,
      headers: {
        ...headers,
        [HEADER.replyTo]: replies.topic,
        [KAFKA_HEADER.replyPartition]: String(replies.partition),
        [KAFKA_HEADER.deadline]: String(deadline),
      },
    };
    await this.produce(record, Math.max(1, deadline - Date.now()), [this.topicSpec(topic)]);
  }

  /** Its `<topic>.dlq` letters, settled by marks in the same topics (kafka-dead-letter.store.ts). */
  override deadLetters(): DeadLetterStore {
    this.deadLetterStore ??= new KafkaDeadLetterStore({
      service: this.options.service,
      deadLetterTopics: () => this.deadLetterSources,
      read: async (topics) => {
        const { records, complete } = await readLogToEnd(this.kafka, this.open().admin, topics, {
          groupId: deadLetterReaderGroup(this.options.namespace, randomUUID()),
          timeoutMs: DEAD_LETTER_READ.timeoutMs,
          maxBytes: DEAD_LETTER_READ.maxBytes,
        });
        if (!complete) {
          this.logger.warn(
            `dead letters past the first ${DEAD_LETTER_READ.maxBytes} bytes of ${topics.join(', ')} not read`,
          );
        }
        return records;
      },
      send: (record) => {
        const spec = this.deadLetterSources.includes(record.topic)
          ? { ...this.topicSpec(record.topic), maxMessageBytes: this.deadLetterMaxBytes() }
          : this.topicSpec(record.topic);
        return this.produce(record, this.options.publishTimeoutMs, [spec]);
      },
    });
    return this.deadLetterStore;
  }

  protected async writeDeadLetter(deadLetter: DeadLetter): Promise<void> {
    const record = deadLetterRecord(deadLetter, this.options.service);
    const spec = { ...this.topicSpec(record.topic), maxMessageBytes: this.deadLetterMaxBytes() };
    await this.produce(record, this.options.publishTimeoutMs, [spec]);
  }

  protected async stopConsuming(): Promise<void> {
    for (const consumer of this.consumers) consumer.pause();
  }

  protected async disconnect(): Promise<void> {
    const { shutdownTimeoutMs } = this.options;
    await Promise.all(this.consumers.map((consumer) => consumer.stop(shutdownTimeoutMs)));
    this.listening = false;
    const connection = this.connection;
    this.connection = undefined;
    this.liveness.stop();
    if (connection) await this.closeConnection(connection, shutdownTimeoutMs);
    this.logger.log('disconnected from Kafka');
  }

  /**
   * The lag of the events and requests groups, through the admin client the transport already
   * has. Not the reply group: per instance (a new label value per process), and it commits nothing.
   */
  protected override async readBacklog(): Promise<BacklogReading> {
    if (this.consumed.length === 0) return NOTHING_TO_SAMPLE;
    return readConsumerLag(this.open().admin, this.consumed);
  }

  /** Ensures the topics, then sends; both within `timeoutMs`, failing with TransportUnavailableError. */
  private async produce(
    record: OutboundRecord,
    timeoutMs: number,
    topics: TopicSpec[],
  ): Promise<void> {
    const { topology, publisher } = this.open();
    const started = Date.now();
    if (!topology.isEnsured(topics.map((topic) => topic.name))) {
      await withTimeout(
        topology.ensure(topics),
        timeoutMs,
        () =>
          new TransportUnavailableError(
            this.name,
            `topic ${record.topic} not ready within ${timeoutMs} ms`,
          ),
      ).catch((error: unknown) => {
        if (error instanceof TransportUnavailableError) throw error;
        throw new TransportUnavailableError(this.name, describeError(error), error);
      });
    }
    await publisher.send(record, Math.max(1, timeoutMs - (Date.now() - started)));
  }

  private consumer(
    label: string,
    groupId: string,
    topics: string[],
    concurrency: number,
    handle: (message: KafkaMessage, topic: string) => Promise<void>,
    unorderedConcurrency?: number,
  ): SupervisedConsumer {
    const start = newGroupStart(
      this.options.kafka.newGroupStart,
      this.options.unrouted.retentionMs,
    );
    return new SupervisedConsumer(
      this.kafka,
      {
        label,
        groupId,
        topics,
        partitionsConsumedConcurrently: concurrency,
        handle,
        unorderedConcurrency,
        ...(start && {
          startPositions: (assigned: TopicPartitions[]) =>
            newGroupStarts(this.open().admin, groupId, start, assigned),
        }),
      },
      this.logger,
      this.liveness.onResponse,
    );
  }

  private async closeConnection(connection: Connection, timeoutMs: number): Promise<void> {
    await connection.replies.close(timeoutMs);
    await connection.publisher.close(timeoutMs);
    const bounded = (work: Promise<void>, what: string) =>
      withTimeout(work, timeoutMs, () => new Error('timed out')).catch((error: unknown) =>
        this.logger.warn(`closing the Kafka ${what}: ${describeError(error)}`),
      );
    await Promise.all([
      bounded(connection.producer.disconnect(), 'producer'),
      bounded(connection.admin.disconnect(), 'admin client'),
    ]);
  }

  /** A cheap metadata round trip for the liveness check; its response is the signal. */
  private async probeBroker(): Promise<void> {
    await this.connection?.admin.describeCluster();
  }

  private replyChannelOwner() {
    const { namespace, service, instanceId, maxMessageBytes, kafka } = this.options;
    return { namespace, service, instanceId, maxMessageBytes, partitions: kafka.partitions };
  }

  private open(): Connection {
    if (!this.connection) throw new TransportUnavailableError(this.name, 'not connected');
    return this.connection;
  }

  private topicSpec(name: string): TopicSpec {
    return {
      name,
      partitions: this.options.kafka.partitions,
      maxMessageBytes: topicMaxMessageBytes(this.options.maxMessageBytes),
    };
  }

  private deadLetterMaxBytes(): number {
    return deadLetterTopicMaxMessageBytes(this.options.maxMessageBytes);
  }

  private topicWithDeadLetters(topic: string): TopicSpec[] {
    const dlq = {
      ...this.topicSpec(deadLetterTopic(topic)),
      maxMessageBytes: this.deadLetterMaxBytes(),
    };
    return [this.topicSpec(topic), dlq];
  }
}
