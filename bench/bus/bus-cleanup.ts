import { connect } from 'amqplib';
import { Kafka, logLevel } from 'kafkajs';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { MessagingOptionsFor } from '@railyard/messaging';
import { BenchTransport } from '../support/cli-args';
import { benchNames, Variant } from './bench-names';
import { benchOptions } from './bench-options';
import { rawQueueName } from './endpoints/raw-amqp.endpoint';
import {
  deadLetterExchangeName,
  deadLetterQueueName,
  eventExchangeName,
  eventQueueName,
} from '@railyard/messaging/testing';

const VARIANTS: Variant[] = ['railyard', 'raw'];

/**
 * Removes what the bus benchmark of one transport created, whether or not its workers ended
 * cleanly: Kafka topics and groups named after the run, RabbitMQ queues and exchanges of both
 * endpoints, the TCP dead-letter folders. Returns what it could not remove.
 */
export async function cleanUpBus(runId: string, transport: BenchTransport): Promise<string[]> {
  try {
    if (transport === 'kafka') await cleanUpKafka(runId, benchOptions(runId, transport, 'raw', 0));
    if (transport === 'rabbitmq') {
      await cleanUpRabbit(runId, (variant) => benchOptions(runId, transport, variant, 0));
    }
    if (transport === 'tcp') {
      for (const variant of VARIANTS) {
        const { tcp } = benchOptions(runId, transport, variant, 0);
        rmSync(dirname(tcp.deadLetterFile), { recursive: true, force: true });
      }
    }
    return [];
  } catch (error) {
    return [`${transport} cleanup: ${(error as Error).message}`];
  }
}

async function cleanUpKafka(runId: string, options: MessagingOptionsFor<'kafka'>): Promise<void> {
  const kafka = new Kafka({ brokers: options.kafka.brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.includes(runId));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
    const groups = (await admin.listGroups()).groups
      .map((group) => group.groupId)
      .filter((group) => group.includes(runId));
    if (groups.length > 0) await admin.deleteGroups(groups);
  } finally {
    await admin.disconnect();
  }
}

async function cleanUpRabbit(
  runId: string,
  options: (variant: Variant) => MessagingOptionsFor<'rabbitmq'>,
) {
  const connection = await connect(options('raw').rabbitmq.url);
  connection.on('error', () => undefined);
  try {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    for (const variant of VARIANTS) {
      const bus = options(variant);
      const { namespace, rabbitmq } = bus;
      const { service } = benchNames(runId, 'rabbitmq', variant);
      for (let shard = 0; shard < rabbitmq.partitions; shard++) {
        await channel.deleteQueue(
          variant === 'raw'
            ? rawQueueName(service, shard)
            : eventQueueName(namespace, service, shard),
        );
      }
      await channel.deleteQueue(deadLetterQueueName(namespace, service));
      await channel.deleteExchange(eventExchangeName(bus));
      await channel.deleteExchange(deadLetterExchangeName(bus));
    }
    await channel.close();
  } finally {
    await connection.close();
  }
}
