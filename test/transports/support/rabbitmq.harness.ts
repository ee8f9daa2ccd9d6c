import {
  BusOptions,
  HEADER,
  MessagingOptionsFor,
  messagingOptionsFromEnv,
} from '@railyard/messaging';
import { ChannelModel, ConfirmChannel, connect } from 'amqplib';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { restartRabbitmq } from '../../support/broker-processes';
import { CONFORMANCE_ENV, StoredDeadLetter, TransportHarness } from './transport-harness';
import {
  deadLetterExchangeName,
  deadLetterQueueName,
  eventExchangeName,
  eventQueueName,
  membersExchangeName,
  requestQueueName,
  shardOf,
  toWireHeaders,
} from '@railyard/messaging/testing';

const URL = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const PARTITIONS = 4;
const PREFETCH = 32;
/** Exchanges of this test run only: another run (or a dev stack) on the same broker is not seen. */
const RUN = randomUUID().slice(0, 8);
/** And a namespace of its own, so every name the bus builds is checked to go through it. */
const NAMESPACE = `conformance-${RUN}`;
const RESTART_TIMEOUT_MS = 90_000;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Test access to the real RabbitMQ on this machine (scripts/brokers-up.sh). Dead letters are peeked:
 * fetched with basic.get and handed back by closing the channel, so repeated reads see them all.
 */
class RabbitMqHarness implements TransportHarness {
  readonly name = 'rabbitmq' as const;
  readonly features = { competingConsumers: true, holdsMessagesWhileSubscriberDown: true };
  /** How long the last restartBroker() took, for the report. */
  lastRestartMs?: number;
  private connection?: Promise<ChannelModel>;
  private readonly partitions = new Map<string, number>();
  private readonly exchanges = {
    exchange: `railyard.events.test-${RUN}`,
    deadLetterExchange: `railyard.dead-letter.test-${RUN}`,
  };

  options(service: string, overrides: Partial<BusOptions> = {}): MessagingOptionsFor<'rabbitmq'> {
    const options = messagingOptionsFromEnv(service, {
      RABBITMQ_URL: URL,
      RABBITMQ_PARTITIONS: String(PARTITIONS),
      RABBITMQ_PREFETCH: String(PREFETCH),
      ...CONFORMANCE_ENV,
      RAILYARD_NAMESPACE: NAMESPACE,
      TRANSPORT: 'rabbitmq',
    });
    const merged = {
      ...options,
      ...overrides,
      rabbitmq: { ...options.rabbitmq, ...this.exchanges },
    };
    this.partitions.set(service, merged.rabbitmq.partitions);
    return merged;
  }

  unreachableOptions(service: string): MessagingOptionsFor<'rabbitmq'> {
    // Port 1 refuses at once: this measures how the bus fails, not a TCP connect timeout.
    const options = this.options(service, { publishTimeoutMs: 2_000 });
    return { ...options, rabbitmq: { ...options.rabbitmq, url: 'amqp://guest:guest@127.0.0.1:1' } };
  }

  async readDeadLetters(service: string, types?: string[]): Promise<StoredDeadLetter[]> {
    const channel = await this.openChannel();
    const letters: StoredDeadLetter[] = [];
    try {
      for (;;) {
        const message = await channel.get(deadLetterQueueName(NAMESPACE, service), {
          noAck: false,
        });
        if (message === false) break;
        letters.push({ headers: toWireHeaders(message.properties.headers), body: message.content });
      }
    } catch {
      return [];
    } finally {
      // Unacked gets go back to the queue, in order, when their channel closes: a peek.
      await channel.close().catch(() => undefined);
    }
    return types ? letters.filter((l) => types.includes(l.headers[HEADER.type])) : letters;
  }

  async injectRaw(
    service: string,
    type: string,
    body: Buffer,
    headers: Record<string, string>,
  ): Promise<void> {
    // The shard queue the bus would route this aggregate to (type is the binding: no need here).
    void type;
    const shard = shardOf(headers[HEADER.aggregateId] ?? '', this.partitionsOf(service));
    const queue = eventQueueName(NAMESPACE, service, shard);
    await this.withConfirmChannel(async (channel) => {
      let returned = false;
      channel.on('return', () => (returned = true));
      channel.sendToQueue(queue, body, { headers, persistent: true, mandatory: true });
      await channel.waitForConfirms();
      if (returned) throw new Error(`injectRaw: queue ${queue} does not exist (listen first)`);
    });
  }

  async restartBroker(): Promise<void> {
    const began = Date.now();
    await restartRabbitmq();
    this.connection = undefined;
    const deadline = Date.now() + RESTART_TIMEOUT_MS;
    for (;;) {
      try {
        await (await this.connect()).close();
        break;
      } catch (error) {
        this.connection = undefined;
        if (Date.now() > deadline) throw error;
        await sleep(200);
      }
    }
    this.connection = undefined;
    this.lastRestartMs = Date.now() - began;
  }

  async dispose(): Promise<void> {
    const connection = await this.connect().catch(() => undefined);
    if (!connection) return;
    for (const [service, partitions] of this.partitions) {
      const queues = [
        deadLetterQueueName(NAMESPACE, service),
        requestQueueName(NAMESPACE, service),
      ];
      for (let shard = 0; shard < partitions; shard++) {
        queues.push(eventQueueName(NAMESPACE, service, shard));
      }
      await this.eachOnFreshChannel(queues, (channel, queue) => channel.deleteQueue(queue));
    }
    // Holding queues are named by event type, which the harness never sees: found by prefix.
    await this.eachOnFreshChannel(await this.unroutedQueues(), (channel, queue) =>
      channel.deleteQueue(queue),
    );
    const scope = { namespace: NAMESPACE, rabbitmq: this.exchanges };
    // Each service's replicas announce themselves on an exchange of its own (shard-membership.ts).
    const exchanges = [
      eventExchangeName(scope),
      deadLetterExchangeName(scope),
      ...[...this.partitions.keys()].map((service) => membersExchangeName(NAMESPACE, service)),
    ];
    await this.eachOnFreshChannel(exchanges, (channel, exchange) =>
      channel.deleteExchange(exchange),
    );
    this.partitions.clear();
    this.connection = undefined;
    await connection.close().catch(() => undefined);
  }

  /** This run's `<exchange>.unrouted.<type>` queues (default vhost). */
  private async unroutedQueues(): Promise<string[]> {
    const exchange = eventExchangeName({ namespace: NAMESPACE, rabbitmq: this.exchanges });
    const prefix = `${exchange}.unrouted.`;
    const { stdout } = await promisify(execFile)(
      'rabbitmqctl',
      ['-q', 'list_queues', 'name', '--formatter', 'json'],
      { timeout: 60_000 },
    ).catch(() => ({ stdout: '[]' }));
    const queues = JSON.parse(stdout) as Array<{ name: string }>;
    return queues.map((queue) => queue.name).filter((name) => name.startsWith(prefix));
  }

  /** A confirm channel; a connection left dead by a broker restart is replaced once. */
  private async openChannel(): Promise<ConfirmChannel> {
    let channel: ConfirmChannel;
    try {
      channel = await (await this.connect()).createConfirmChannel();
    } catch {
      this.connection = undefined;
      channel = await (await this.connect()).createConfirmChannel();
    }
    channel.on('error', () => undefined); // e.g. a missing queue: the call fails, the channel closes
    return channel;
  }

  private partitionsOf(service: string): number {
    return this.partitions.get(service) ?? PARTITIONS;
  }

  private connect(): Promise<ChannelModel> {
    this.connection ??= connect(URL, { noDelay: true }).then((connection) => {
      connection.on('error', () => undefined);
      connection.on('close', () => (this.connection = undefined));
      return connection;
    });
    const pending = this.connection;
    pending.catch(() => {
      if (this.connection === pending) this.connection = undefined;
    });
    return pending;
  }

  private async withConfirmChannel<T>(work: (channel: ConfirmChannel) => Promise<T>): Promise<T> {
    const channel = await this.openChannel();
    try {
      return await work(channel);
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  /** An error closes the channel; later names get a fresh one. */
  private async eachOnFreshChannel(
    names: string[],
    act: (channel: ConfirmChannel, name: string) => Promise<unknown>,
  ): Promise<void> {
    for (const name of names) {
      await this.withConfirmChannel((channel) => act(channel, name)).catch(() => undefined);
    }
  }
}

export const rabbitmqHarness = new RabbitMqHarness();
