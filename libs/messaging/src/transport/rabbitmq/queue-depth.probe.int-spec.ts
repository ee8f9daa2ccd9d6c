import { Logger } from '@nestjs/common';
import { connect } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { MetricsRegistry } from '@railyard/platform';
import { parsePrometheusText, sumOf } from '../../../../../test/support/prometheus-text';
import { rabbitmqHarness as harness } from '../../../../../test/transports/support/rabbitmq.harness';
import { MessagingOptionsFor } from '../../config/messaging-options';
import { createEnvelope } from '../../envelope/envelope';
import { BUS_BACKLOG_SAMPLE_MS } from '../bus-backlog-gauge';
import { EventHandler, RequestHandler } from '../transport';
import { QueueDepthProbe } from './queue-depth.probe';
import { eventQueueName, requestQueueName } from './rabbitmq-names';
import { RabbitMqTransport } from './rabbitmq.transport';
import { shardOf } from './shard-of';

/**
 * `railyard_bus_backlog_messages` on RabbitMQ, against the real broker (scripts/brokers-up.sh):
 * the ready messages of the queues a service consumes, read at scrape.
 */
jest.setTimeout(60_000);
beforeAll(() => Logger.overrideLogger(false));

const BACKLOG = 'railyard_bus_backlog_messages';
const URL = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Polls `read` until `accept` holds; returns the last value read. */
async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('RabbitMQ queue depth as the bus backlog', () => {
  const open: RabbitMqTransport[] = [];
  let id: string;
  const service = (name: string) => `rmq-backlog-${name}-${id}`;

  async function start(
    options: MessagingOptionsFor<'rabbitmq'>,
    metrics?: MetricsRegistry,
    events: Record<string, EventHandler> = {},
    requests: Record<string, RequestHandler> = {},
  ): Promise<RabbitMqTransport> {
    const transport = new RabbitMqTransport(options);
    open.push(transport);
    // As MessagingModule does, before anything connects.
    if (metrics) transport.exportMetrics(metrics);
    await transport.connect();
    if (Object.keys(events).length + Object.keys(requests).length > 0) {
      await transport.listen({
        events: new Map(Object.entries(events)),
        requests: new Map(Object.entries(requests)),
      });
    }
    return transport;
  }

  beforeEach(() => (id = randomUUID().slice(0, 8)));
  afterEach(async () => {
    await Promise.allSettled(open.splice(0).map((t) => t.close()));
  });
  afterAll(() => harness.dispose());

  it('counts the ready events and requests waiting for a blocked consumer, per queue, and sees them drain to 0', async () => {
    const type = `spec.${id}.backlog`;
    const name = service('sub');
    // Prefetch 1: each consumer holds one unacked message, the rest stay ready in the queue.
    const base = harness.options(name);
    const options = { ...base, rabbitmq: { ...base.rabbitmq, prefetch: 1 } };
    const registry = new MetricsRegistry();
    const scrape = async () => parsePrometheusText(await registry.metrics());
    let release!: () => void;
    const blocked = new Promise<void>((done) => (release = done));
    const handled: string[] = [];
    await start(
      options,
      registry,
      {
        [type]: async (e) => {
          await blocked;
          handled.push(e.messageId);
        },
      },
      { [`${type}.ask`]: async () => blocked.then(() => 'ok') },
    );
    const shard = shardOf('order-1', options.rabbitmq.partitions);
    const shardQueue = eventQueueName(options.namespace, name, shard);
    const rpcQueue = requestQueueName(options.namespace, name);
    const idle = await scrape();
    expect(sumOf(idle, BACKLOG, { kind: 'event', source: shardQueue })).toBe(0);
    expect(sumOf(idle, BACKLOG, { kind: 'request', source: rpcQueue })).toBe(0);
    // One sample per shard and one for the request queue; no dead-letter or reply queue.
    expect(idle.filter((s) => s.name === BACKLOG).map((s) => s.labels.source)).toHaveLength(
      options.rabbitmq.partitions + 1,
    );

    const N = 10;
    const publisher = await start(harness.options(service('pub')));
    for (let i = 0; i <= N; i++) {
      await publisher.publish(createEnvelope({ type, aggregateId: 'order-1', payload: i }));
    }
    const replies = Array.from({ length: N + 1 }, () =>
      publisher.request(name, createEnvelope({ type: `${type}.ask`, payload: {} }), 30_000),
    );
    const full = await eventually(
      scrape,
      (s) =>
        sumOf(s, BACKLOG, { source: shardQueue }) >= N &&
        sumOf(s, BACKLOG, { source: rpcQueue }) >= N,
      `a backlog of ${N} events and ${N} requests`,
    );
    // N + 1 sent, one of each held by its blocked consumer (unacked, so not ready).
    expect(sumOf(full, BACKLOG, { kind: 'event', source: shardQueue })).toBe(N);
    expect(sumOf(full, BACKLOG, { kind: 'request', source: rpcQueue })).toBe(N);
    expect(sumOf(full, BACKLOG, { kind: 'event' })).toBe(N);

    release();
    await Promise.all(replies);
    await eventually(scrape, (s) => sumOf(s, BACKLOG) === 0, 'the backlog to drain');
    expect(handled).toHaveLength(N + 1);
  });

  it('keeps the last values when a queue is missing (404 closes the channel) and reads the others on a fresh channel', async () => {
    const connection = await connect(URL);
    const setup = await connection.createChannel();
    const present = `rmq-backlog-present-${id}`;
    const missing = `rmq-backlog-missing-${id}`;
    await setup.assertQueue(present, { durable: false, autoDelete: false });
    for (let i = 0; i < 3; i++) setup.sendToQueue(present, Buffer.from(String(i)));
    const probe = new QueueDepthProbe(() => connection);
    try {
      const queues = [
        { kind: 'event' as const, queue: missing },
        { kind: 'event' as const, queue: present },
        { kind: 'event' as const, queue: missing },
      ];
      const first = await eventually(
        () => probe.read(queues),
        (r) => r.samples.some((s) => s.messages === 3),
        'the published messages to be counted',
      );
      expect(first.samples).toEqual([{ kind: 'event', source: present, messages: 3 }]);
      expect(first.failed).toEqual([
        expect.stringMatching(new RegExp(`^${missing}: .*404`)),
        expect.stringMatching(new RegExp(`^${missing}: .*404`)),
      ]);
      // The connection survived the channel errors, and the probe reads again.
      const again = await probe.read([{ kind: 'event', queue: present }]);
      expect(again).toEqual({
        samples: [{ kind: 'event', source: present, messages: 3 }],
        failed: [],
      });
    } finally {
      await probe.close(1_000);
      await setup.deleteQueue(present);
      await connection.close();
    }
  });

  it('samples nothing before listen() and answers scrapes at once after close(), keeping the last values', async () => {
    const type = `spec.${id}.closed`;
    const registry = new MetricsRegistry();
    const scrape = async () => parsePrometheusText(await registry.metrics());
    const transport = new RabbitMqTransport(harness.options(service('closing')));
    open.push(transport);
    transport.exportMetrics(registry);
    await transport.connect();
    expect((await scrape()).filter((s) => s.name === BACKLOG)).toEqual([]);

    await transport.listen({
      events: new Map([[type, async () => undefined]]),
      requests: new Map(),
    });
    const before = (await scrape()).filter((s) => s.name === BACKLOG);
    expect(before.length).toBeGreaterThan(0);

    const closing = performance.now();
    await transport.close();
    expect(performance.now() - closing).toBeLessThan(5_000);
    const started = performance.now();
    const after = (await scrape()).filter((s) => s.name === BACKLOG);
    expect(performance.now() - started).toBeLessThan(BUS_BACKLOG_SAMPLE_MS);
    expect(after).toEqual(before);
  });
});
