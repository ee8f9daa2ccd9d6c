import { Logger } from '@nestjs/common';
import { Admin, ITopicConfig } from 'kafkajs';
import { describeError } from './kafka-error';
import { retryTransient } from './kafka-transient-retry';

export interface TopicSpec {
  name: string;
  partitions: number;
  /** Broker `max.message.bytes` of the topic. */
  maxMessageBytes: number;
  /** Broker `retention.ms` of the topic; absent: the broker's default. */
  retentionMs?: number;
}

/**
 * Creates topics before anything uses them, once per process per topic. The producer runs with
 * auto-creation off: a topic created implicitly would get the broker's partition count, and the
 * partition count is what key-based ordering depends on. Creating an existing topic is a no-op
 * (another instance won the race); its partition count is then checked and a mismatch logged,
 * never changed, since adding partitions moves keys between them.
 */
export class KafkaTopology {
  private readonly ensured = new Map<string, Promise<void>>();
  private readonly created = new Set<string>();

  constructor(
    private readonly admin: Admin,
    private readonly logger: Logger,
  ) {}

  /** True once every topic is known to exist: callers may skip waiting on ensure(). */
  isEnsured(names: string[]): boolean {
    return names.every((name) => this.created.has(name));
  }

  ensure(specs: TopicSpec[]): Promise<void> {
    const missing = specs.filter((spec) => !this.ensured.has(spec.name));
    if (missing.length > 0) {
      // Creating topics right after another process did makes the broker answer
      // UNKNOWN_TOPIC_OR_PARTITION for a moment (seen on a loaded CI machine): retried here, once
      // for every caller.
      const creation = retryTransient(
        'creating Kafka topics',
        () => this.create(missing),
        this.logger,
      );
      for (const spec of missing) {
        const done = creation.then(
          () => void this.created.add(spec.name),
          (error: unknown) => {
            this.ensured.delete(spec.name); // the next caller tries again
            throw error;
          },
        );
        done.catch(() => undefined);
        this.ensured.set(spec.name, done);
      }
    }
    return Promise.all(specs.map((spec) => this.ensured.get(spec.name))).then(() => undefined);
  }

  /** The partition count `topic` has on the broker (created by this process or not). */
  async partitionsOf(topic: string): Promise<number> {
    const { topics } = await this.admin.fetchTopicMetadata({ topics: [topic] });
    return topics.find((entry) => entry.name === topic)?.partitions.length ?? 0;
  }

  private async create(specs: TopicSpec[]): Promise<void> {
    const topics: ITopicConfig[] = specs.map((spec) => ({
      topic: spec.name,
      numPartitions: spec.partitions,
      configEntries: [
        { name: 'max.message.bytes', value: String(spec.maxMessageBytes) },
        ...(spec.retentionMs === undefined
          ? []
          : [{ name: 'retention.ms', value: String(spec.retentionMs) }]),
      ],
    }));
    const createdAll = await this.admin.createTopics({ topics, waitForLeaders: true });
    if (createdAll) {
      this.logger.log(`created Kafka topic(s) ${specs.map((s) => s.name).join(', ')}`);
      return;
    }
    await this.checkPartitions(specs).catch((error: unknown) =>
      this.logger.debug(`could not check partition counts: ${describeError(error)}`),
    );
  }

  private async checkPartitions(specs: TopicSpec[]): Promise<void> {
    const { topics } = await this.admin.fetchTopicMetadata({ topics: specs.map((s) => s.name) });
    for (const topic of topics) {
      const expected = specs.find((spec) => spec.name === topic.name)?.partitions;
      if (expected !== undefined && topic.partitions.length !== expected) {
        this.logger.warn(
          `Kafka topic ${topic.name} has ${topic.partitions.length} partitions, not ${expected}; ` +
            'left as is (changing it would move keys between partitions)',
        );
      }
    }
  }
}
