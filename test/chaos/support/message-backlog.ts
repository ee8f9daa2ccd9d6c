import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  InventoryCommands,
  InventoryEvents,
  OrderEvents,
  PaymentCommands,
  PaymentEvents,
} from '@railyard/contracts';
import { Kafka, logLevel } from 'kafkajs';
import {
  deadLetterTopic,
  requestGroup,
  requestTopic,
} from '../../../libs/messaging/src/transport/kafka/kafka-topic-names';

const run = promisify(execFile);
const SERVICES = ['order', 'inventory', 'payment'] as const;

/**
 * Where the bus keeps messages between services, per transport: how many ended in a dead-letter
 * destination, and which are still waiting outside one (not yet consumed, or stuck).
 */
export interface MessageBacklog {
  deadLetters(): Promise<number>;
  /** One line per place that still holds messages outside a dead-letter destination. */
  waiting(): Promise<string[]>;
  close(): Promise<void>;
}

/** TCP keeps nothing in flight between processes: only the dead-letter files under DATA_DIR. */
export function tcpBacklog(dataDir: string): MessageBacklog {
  const lines = (service: string) => {
    const file = join(dataDir, service, 'dead-letters.jsonl');
    return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
  };
  return {
    deadLetters: async () => SERVICES.reduce((n, service) => n + lines(service), 0),
    waiting: async () => [],
    close: async () => undefined,
  };
}

/** RabbitMQ, read with rabbitmqctl inside the system's own vhost. */
export function rabbitmqBacklog(vhost: string): MessageBacklog {
  const queues = async () => {
    const { stdout } = await run(
      'rabbitmqctl',
      ['list_queues', '-q', '-p', vhost, 'name', 'messages', '--formatter', 'json'],
      { timeout: 30_000 },
    );
    return JSON.parse(stdout) as Array<{ name: string; messages: number }>;
  };
  const isDeadLetter = (name: string) => name.endsWith('.dead-letter');
  return {
    deadLetters: async () =>
      (await queues()).filter((q) => isDeadLetter(q.name)).reduce((n, q) => n + q.messages, 0),
    waiting: async () =>
      (await queues())
        .filter((q) => !isDeadLetter(q.name) && q.messages > 0)
        .map((q) => `rabbitmq queue ${q.name}: ${q.messages} messages`),
    close: async () => undefined,
  };
}

const EVENT_TOPICS = [
  OrderEvents,
  InventoryCommands,
  InventoryEvents,
  PaymentCommands,
  PaymentEvents,
].flatMap((types) => Object.values(types) as string[]);

/**
 * Kafka, read with the admin client: dead letters are the end offsets of the `.dlq` topics (the
 * broker is shared, so callers compare before and after); waiting is each service group's lag.
 */
export function kafkaBacklog(brokers: string[]): MessageBacklog {
  const admin = new Kafka({
    clientId: 'chaos-backlog',
    brokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  const connected = admin.connect();
  const existing = async (topics: string[]) => {
    const all = new Set(await admin.listTopics());
    return topics.filter((topic) => all.has(topic));
  };
  const endOffsets = async (topic: string) =>
    (await admin.fetchTopicOffsets(topic)).map((p) => ({
      partition: p.partition,
      high: Number(p.high),
    }));
  return {
    async deadLetters() {
      await connected;
      const topics = await existing(EVENT_TOPICS.map(deadLetterTopic));
      let total = 0;
      for (const topic of topics) for (const { high } of await endOffsets(topic)) total += high;
      return total;
    },
    async waiting() {
      await connected;
      const lines: string[] = [];
      const groups = SERVICES.flatMap((service) => [
        { groupId: service, topics: EVENT_TOPICS },
        { groupId: requestGroup(service), topics: [requestTopic(service)] },
      ]);
      for (const { groupId, topics } of groups) {
        const present = await existing(topics);
        if (present.length === 0) continue;
        for (const { topic, partitions } of await admin.fetchOffsets({
          groupId,
          topics: present,
        })) {
          const ends = new Map((await endOffsets(topic)).map((p) => [p.partition, p.high]));
          for (const { partition, offset } of partitions) {
            // -1: the group never committed here (it does not consume this topic).
            const lag = Number(offset) < 0 ? 0 : (ends.get(partition) ?? 0) - Number(offset);
            if (lag > 0) lines.push(`kafka group ${groupId} ${topic}[${partition}]: lag ${lag}`);
          }
        }
      }
      return lines;
    },
    close: () => connected.then(() => admin.disconnect()),
  };
}
