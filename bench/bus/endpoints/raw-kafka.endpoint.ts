import { randomUUID } from 'node:crypto';
import { Consumer, Kafka, logLevel, Message, Partitioners, Producer } from 'kafkajs';
import { MessagingOptionsFor } from '@railyard/messaging';
import { EventPayload } from '../event-payload';
import { BenchEndpoint } from './bench-endpoint';

interface Pending {
  message: Message;
  resolve(): void;
  reject(error: unknown): void;
}

/** The same batch bounds as the bus's publisher: at most this many records or bytes per send. */
const MAX_BATCH_RECORDS = 1_000;
const MAX_BATCH_BYTES = 512 * 1024;

/**
 * Plain kafkajs with the bus's guarantees and batching: acks=all, one produce request in flight
 * (order survives a retry), every publish that arrives meanwhile goes into the next batch; a
 * consumer group reading the topic's partitions concurrently, committing after the handler.
 */
export class RawKafkaEndpoint implements BenchEndpoint {
  private readonly kafka: Kafka;
  private producer?: Producer;
  private consumer?: Consumer;
  private readonly queue: Pending[] = [];
  private flushing = false;

  constructor(
    private readonly options: MessagingOptionsFor<'kafka'>,
    private readonly topic: string,
    private readonly groupId: string,
  ) {
    this.kafka = new Kafka({
      clientId: options.instanceId,
      brokers: options.kafka.brokers,
      logLevel: logLevel.ERROR,
    });
  }

  async start(onEvent: (payload: EventPayload) => void): Promise<void> {
    const { partitions, partitionsConsumedConcurrently } = this.options.kafka;
    const admin = this.kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: this.topic, numPartitions: partitions }],
      waitForLeaders: true,
    });
    await admin.disconnect();
    this.producer = this.kafka.producer({
      maxInFlightRequests: 1,
      idempotent: false,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await this.producer.connect();
    const consumer = (this.consumer = this.kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 500,
      allowAutoTopicCreation: false,
    }));
    const joined = new Promise<void>((resolve) =>
      consumer.on(consumer.events.GROUP_JOIN, () => resolve()),
    );
    await consumer.connect();
    await consumer.subscribe({ topics: [this.topic], fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently,
      eachMessage: async ({ message }) => onEvent(JSON.parse(message.value!.toString('utf8'))),
    });
    await joined;
  }

  publish(payload: EventPayload): Promise<void> {
    const message: Message = {
      key: payload.orderId,
      value: Buffer.from(JSON.stringify(payload)),
      headers: { 'message-id': randomUUID(), type: this.topic },
    };
    return new Promise((resolve, reject) => {
      this.queue.push({ message, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  async close(): Promise<void> {
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.queue.length > 0) {
      const batch = this.takeBatch();
      try {
        await this.producer!.sendBatch({
          acks: -1,
          topicMessages: [{ topic: this.topic, messages: batch.map((p) => p.message) }],
        });
        for (const pending of batch) pending.resolve();
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    this.flushing = false;
  }

  private takeBatch(): Pending[] {
    let bytes = 0;
    let count = 0;
    while (count < this.queue.length && count < MAX_BATCH_RECORDS) {
      bytes += (this.queue[count].message.value as Buffer).length + 100;
      if (count > 0 && bytes > MAX_BATCH_BYTES) break;
      count++;
    }
    return this.queue.splice(0, count);
  }
}
