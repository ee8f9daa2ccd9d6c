import {
  BusOptions,
  HEADER,
  MessagingOptionsFor,
  messagingOptionsFromEnv,
} from '@railyard/messaging';
import { Admin, Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { restartKafka } from '../../support/broker-processes';
import { CONFORMANCE_ENV, StoredDeadLetter, TransportHarness } from './transport-harness';
import {
  deadLetterTopic,
  decodeKafkaHeaders,
  eventGroup,
  eventTopic,
  KAFKA_HEADER,
  replyTopic,
  requestGroup,
  requestTopic,
  topicMaxMessageBytes,
} from '@railyard/messaging/testing';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim());
const PARTITIONS = 3;
const READ_TIMEOUT_MS = 15_000;
/**
 * The suite runs in a namespace of its own: what it creates is nobody else's on a shared broker,
 * and every name the bus builds is checked to go through the namespace.
 */
const NAMESPACE = `conformance-${randomUUID().slice(0, 8)}`;

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Test access to the real Kafka broker started by scripts/brokers-up.sh. Dead letters live in
 * `<type>.dlq`, shared by every service subscribed to the type, so they are told apart by the
 * `rl-kafka-dead-lettered-by` header. Reading uses a throwaway consumer group that reads every
 * partition up to its high watermark, then is deleted.
 */
class KafkaHarness implements TransportHarness {
  readonly name = 'kafka' as const;
  readonly features = { competingConsumers: true, holdsMessagesWhileSubscriberDown: true };
  private readonly kafka = new Kafka({
    clientId: `railyard-harness-${process.pid}`,
    brokers: BROKERS,
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 200, maxRetryTime: 2_000, retries: 6 },
  });
  private admin?: Promise<Admin>;
  private producer?: Promise<Producer>;
  private readonly services = new Set<string>();
  /** Types injected per service: dead-letter topics to read when no types are given. */
  private readonly injected = new Map<string, Set<string>>();

  options(service: string, overrides: Partial<BusOptions> = {}): MessagingOptionsFor<'kafka'> {
    this.services.add(service);
    const options = messagingOptionsFromEnv(service, {
      KAFKA_BROKERS: BROKERS.join(','),
      KAFKA_PARTITIONS: String(PARTITIONS),
      KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY: String(PARTITIONS),
      ...CONFORMANCE_ENV,
      RAILYARD_NAMESPACE: NAMESPACE,
      TRANSPORT: 'kafka',
    });
    return { ...options, ...overrides };
  }

  unreachableOptions(service: string): MessagingOptionsFor<'kafka'> {
    // Port 1 refuses at once: this measures how the bus fails, not a TCP connect timeout.
    const options = this.options(service, { publishTimeoutMs: 2_000 });
    return { ...options, kafka: { ...options.kafka, brokers: ['127.0.0.1:1'] } };
  }

  async readDeadLetters(service: string, types?: string[]): Promise<StoredDeadLetter[]> {
    const wanted = types
      ? types.map((type) => deadLetterTopic(eventTopic(NAMESPACE, type)))
      : await this.deadLetterTopicsOf(service);
    const existing = new Set(await (await this.getAdmin()).listTopics());
    const topics = wanted.filter((topic) => existing.has(topic));
    const letters = await this.readAll(topics);
    return letters.filter((letter) => letter.headers[KAFKA_HEADER.deadLetteredBy] === service);
  }

  async injectRaw(
    service: string,
    type: string,
    body: Buffer,
    headers: Record<string, string>,
  ): Promise<void> {
    const topic = eventTopic(NAMESPACE, type);
    if (!this.injected.has(service)) this.injected.set(service, new Set());
    this.injected.get(service)!.add(type);
    const admin = await this.getAdmin();
    await admin.createTopics({
      topics: [
        {
          topic,
          numPartitions: PARTITIONS,
          configEntries: [
            { name: 'max.message.bytes', value: String(topicMaxMessageBytes(1024 * 1024)) },
          ],
        },
      ],
    });
    const producer = await this.getProducer();
    await producer.send({
      topic,
      acks: -1,
      messages: [{ key: headers[HEADER.aggregateId] ?? null, value: body, headers }],
    });
  }

  /**
   * Stops the broker that scripts/brokers-up.sh started (SIGTERM: controlled shutdown, then wait
   * for the process to exit) and starts it again with the same script, which returns once the
   * broker serves metadata.
   */
  async restartBroker(): Promise<void> {
    await restartKafka(BROKERS[0].split(':')[1] ?? '9092', 'SIGTERM');
  }

  /** Deletes the topics and groups of every service this harness gave options to. */
  async dispose(): Promise<void> {
    try {
      await withTimeout(this.deleteServiceTopology(), 60_000, 'kafka harness cleanup');
    } catch (error) {
      console.warn(`kafka harness cleanup: ${(error as Error).message}`);
    }
    const [admin, producer] = [this.admin, this.producer];
    this.admin = this.producer = undefined;
    await Promise.allSettled([
      admin?.then((a) => a.disconnect()),
      producer?.then((p) => p.disconnect()),
    ]);
  }

  private async deleteServiceTopology(): Promise<void> {
    if (this.services.size === 0) return;
    const admin = await this.getAdmin();
    const existing = new Set(await admin.listTopics());
    const topics = new Set<string>();
    const groups: string[] = [];
    for (const service of this.services) {
      for (const topic of await this.deadLetterTopicsOf(service)) {
        topics.add(topic);
        topics.add(topic.replace(/\.dlq$/, ''));
      }
      topics.add(replyTopic(NAMESPACE, service));
      groups.push(eventGroup(NAMESPACE, service), requestGroup(NAMESPACE, service));
    }
    const doomed = [...topics].filter((topic) => existing.has(topic));
    if (doomed.length > 0) await admin.deleteTopics({ topics: doomed, timeout: 30_000 });
    const known = new Set((await admin.listGroups()).groups.map((g) => g.groupId));
    const emptyGroups = groups.filter((group) => known.has(group));
    if (emptyGroups.length > 0) await admin.deleteGroups(emptyGroups).catch(() => undefined);
  }

  /** Dead-letter topics `service` may have written: of what its groups consumed, and injected. */
  private async deadLetterTopicsOf(service: string): Promise<string[]> {
    const admin = await this.getAdmin();
    const sources = new Set<string>([requestTopic(NAMESPACE, service)]);
    for (const type of this.injected.get(service) ?? []) sources.add(eventTopic(NAMESPACE, type));
    for (const groupId of [eventGroup(NAMESPACE, service), requestGroup(NAMESPACE, service)]) {
      const offsets = await admin.fetchOffsets({ groupId }).catch(() => []);
      for (const { topic } of offsets) sources.add(topic);
    }
    return [...sources].map(deadLetterTopic);
  }

  /** Every message of `topics`, read to the high watermark of each partition. */
  private async readAll(topics: string[]): Promise<StoredDeadLetter[]> {
    const admin = await this.getAdmin();
    const remaining = new Map<string, bigint>();
    for (const topic of topics) {
      for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(high) > BigInt(low)) remaining.set(`${topic}|${partition}`, BigInt(high));
      }
    }
    if (remaining.size === 0) return [];
    const letters: StoredDeadLetter[] = [];
    const groupId = `railyard-harness-reader-${randomUUID()}`;
    const consumer = this.kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: true });
      const done = new Promise<void>((finish) => {
        void consumer.run({
          autoCommit: false,
          eachMessage: async ({ topic, partition, message }) => {
            const headers = decodeKafkaHeaders(message.headers);
            letters.push({ headers, body: message.value ?? Buffer.alloc(0) });
            const key = `${topic}|${partition}`;
            const high = remaining.get(key);
            if (high !== undefined && BigInt(message.offset) + 1n >= high) remaining.delete(key);
            if (remaining.size === 0) finish();
          },
        });
      });
      await withTimeout(done, READ_TIMEOUT_MS, `reading ${topics.join(', ')}`);
      return letters;
    } finally {
      await consumer.disconnect().catch(() => undefined);
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
  }

  private getAdmin(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    return this.admin;
  }

  private getProducer(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = this.kafka.producer({
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      return producer;
    })();
    return this.producer;
  }
}

export const kafkaHarness: TransportHarness = new KafkaHarness();
