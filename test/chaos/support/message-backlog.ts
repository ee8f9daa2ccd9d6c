import { join } from 'node:path';
import { contractTypes } from '@railyard/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { endOffsetSum, groupLag } from '../../support/kafka-offsets';
import { boundRoutingKeys, queueDepths } from '../../support/rabbitmq-vhost';
import {
  deadLetterTopic,
  eventGroup,
  eventTopic,
  readDeadLetterFile,
  requestGroup,
  requestTopic,
} from '@railyard/messaging/testing';
import { CHAOS_NAMESPACE as NS } from './chaos-namespace';

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

/**
 * TCP keeps nothing in flight between processes: only the dead-letter files under DATA_DIR
 * (rotated ones included). Events no peer subscribes to are held in the publisher's memory,
 * out of reach here, and by design not a backlog.
 */
export function tcpBacklog(dataDir: string): MessageBacklog {
  const letters = async (service: string) =>
    (await readDeadLetterFile(join(dataDir, service, 'dead-letters.jsonl'))).length;
  return {
    deadLetters: async () =>
      (await Promise.all(SERVICES.map(letters))).reduce((n, count) => n + count, 0),
    waiting: async () => [],
    close: async () => undefined,
  };
}

/**
 * RabbitMQ, read with rabbitmqctl inside the system's own vhost. A holding queue
 * (`<exchange>.unrouted.<type>`) of a type nobody binds is kept by design until a consumer
 * appears or its retention ends (order.created has no consumer in this system); one whose type is
 * bound now should have been replayed, so it counts as waiting.
 */
export function rabbitmqBacklog(vhost: string, exchange: string): MessageBacklog {
  const isDeadLetter = (name: string) => name.endsWith('.dead-letter');
  const holdingPrefix = `${exchange}.unrouted.`;
  const queues = async () => Object.entries(await queueDepths(vhost));
  const heldByDesign = (name: string, bound: Set<string>) =>
    name.startsWith(holdingPrefix) && !bound.has(name.slice(holdingPrefix.length));
  return {
    deadLetters: async () =>
      (await queues()).filter(([name]) => isDeadLetter(name)).reduce((n, [, m]) => n + m, 0),
    waiting: async () => {
      const depths = await queues();
      const bound = await boundRoutingKeys(vhost, exchange);
      return depths
        .filter(([name, messages]) => messages > 0 && !isDeadLetter(name))
        .filter(([name]) => !heldByDesign(name, bound))
        .map(([name, messages]) => `rabbitmq queue ${name}: ${messages} messages`);
    },
    close: async () => undefined,
  };
}

const EVENT_TOPICS = contractTypes({ oneWay: true }).map((type) => eventTopic(NS, type));

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
  return {
    async deadLetters() {
      await connected;
      return endOffsetSum(admin, await existing(EVENT_TOPICS.map(deadLetterTopic)));
    },
    async waiting() {
      await connected;
      const lines: string[] = [];
      for (const service of SERVICES) {
        // Every service's event group is asked about every event topic: one it does not consume
        // has no committed offset, which groupLag then leaves out.
        const groups: Array<[string, string[]]> = [
          [eventGroup(NS, service), EVENT_TOPICS],
          [requestGroup(NS, service), [requestTopic(NS, service)]],
        ];
        for (const [group, topics] of groups) {
          const present = await existing(topics);
          if (present.length === 0) continue;
          for (const [where, lag] of Object.entries(await groupLag(admin, group, present, false))) {
            lines.push(`kafka group ${where}: lag ${lag}`);
          }
        }
      }
      return lines;
    },
    close: () => connected.then(() => admin.disconnect()),
  };
}
