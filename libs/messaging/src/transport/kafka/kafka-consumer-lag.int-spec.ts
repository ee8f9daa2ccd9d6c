import { Logger } from '@nestjs/common';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { MetricsRegistry } from '@railyard/platform';
import { parsePrometheusText, sumOf } from '../../../../../test/support/prometheus-text';
import { MessagingOptionsFor } from '../../config/messaging-options';
import { messagingOptionsFromEnv } from '../../config/messaging-options.from-config';
import { createEnvelope } from '../../envelope/envelope';
import { BUS_BACKLOG_SAMPLE_MS } from '../bus-backlog-gauge';
import { EventHandler, RequestHandler } from '../transport';
import { requestGroup, requestTopic } from './kafka-topic-names';
import { KafkaTransport } from './kafka.transport';

/**
 * `railyard_bus_backlog_messages` on Kafka, against the real broker (scripts/brokers-up.sh,
 * KAFKA_BROKERS): the lag of a service's consumer groups per topic, read at scrape.
 */
jest.setTimeout(90_000);
beforeAll(() => Logger.overrideLogger(false));

const BACKLOG = 'railyard_bus_backlog_messages';
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const RUN = `kafka-lag-${randomUUID().slice(0, 8)}`;
let seq = 0;
const unique = (name: string) => `${RUN}.${++seq}.${name}`;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Polls `read` until `accept` holds; returns the last value read. */
async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

function optionsFor(service: string): MessagingOptionsFor<'kafka'> {
  return messagingOptionsFromEnv(service, {
    TRANSPORT: 'kafka',
    KAFKA_BROKERS: BROKERS,
    MESSAGING_SHUTDOWN_TIMEOUT_MS: '5000',
  }) as MessagingOptionsFor<'kafka'>;
}

const admin: Admin = new Kafka({
  clientId: RUN,
  brokers: BROKERS.split(','),
  logLevel: logLevel.NOTHING,
}).admin();
const open = new Set<KafkaTransport>();
const groups: string[] = [];

async function start(
  service: string,
  metrics?: MetricsRegistry,
  events: Record<string, EventHandler> = {},
  requests: Record<string, RequestHandler> = {},
): Promise<KafkaTransport> {
  const transport = new KafkaTransport(optionsFor(service));
  open.add(transport);
  // As MessagingModule does, before anything connects.
  if (metrics) transport.exportMetrics(metrics);
  await transport.connect();
  if (Object.keys(events).length + Object.keys(requests).length > 0) {
    groups.push(service, requestGroup('', service));
    await transport.listen({
      events: new Map(Object.entries(events)),
      requests: new Map(Object.entries(requests)),
    });
  }
  return transport;
}

beforeAll(() => admin.connect());
afterEach(async () => {
  await Promise.allSettled([...open].map((t) => t.close()));
  open.clear();
});
afterAll(async () => {
  const topics = (await admin.listTopics()).filter((t) => t.includes(RUN));
  if (topics.length > 0) await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.deleteGroups(groups).catch(() => undefined);
  await admin.disconnect();
});

describe('Kafka consumer lag as the bus backlog', () => {
  it('counts what a blocked service has yet to commit, per topic of each group, and sees it drain to 0', async () => {
    const type = unique('backlog');
    const ask = unique('ask');
    const service = unique('sub');
    const registry = new MetricsRegistry();
    const scrape = async () => parsePrometheusText(await registry.metrics());
    let release!: () => void;
    const blocked = new Promise<void>((done) => (release = done));
    let handled = 0;
    await start(
      service,
      registry,
      {
        [type]: async () => {
          await blocked;
          handled++;
        },
      },
      { [ask]: async () => blocked.then(() => 'ok') },
    );
    const idle = await scrape();
    expect(idle.filter((s) => s.name === BACKLOG).map((s) => s.labels)).toEqual(
      expect.arrayContaining([
        { kind: 'event', source: type },
        { kind: 'request', source: requestTopic('', service) },
      ]),
    );
    // The events group and the requests group, one topic each; not the reply topic.
    expect(idle.filter((s) => s.name === BACKLOG)).toHaveLength(2);
    expect(sumOf(idle, BACKLOG)).toBe(0);

    const N = 10;
    const publisher = await start(unique('pub'));
    // One aggregate, one partition: its first event blocks the rest behind it.
    for (let i = 0; i <= N; i++) {
      await publisher.publish(createEnvelope({ type, aggregateId: 'order-1', payload: i }));
    }
    const replies = Array.from({ length: N + 1 }, () =>
      publisher.request(service, createEnvelope({ type: ask, payload: {} }), 60_000),
    );
    const full = await eventually(
      scrape,
      (s) =>
        sumOf(s, BACKLOG, { source: type }) >= N &&
        sumOf(s, BACKLOG, { source: requestTopic('', service) }) >= N,
      `a lag of ${N} events and ${N} requests`,
    );
    // Nothing committed yet: the messages in the blocked handlers count too.
    expect(sumOf(full, BACKLOG, { kind: 'event', source: type })).toBe(N + 1);
    expect(sumOf(full, BACKLOG, { kind: 'request', source: requestTopic('', service) })).toBe(
      N + 1,
    );

    release();
    await Promise.all(replies);
    await eventually(scrape, (s) => sumOf(s, BACKLOG) === 0, 'the lag to drain');
    expect(handled).toBe(N + 1);
  });

  it('samples nothing before listen() and answers scrapes at once after close(), keeping the last values', async () => {
    const type = unique('closed');
    const registry = new MetricsRegistry();
    const scrape = async () =>
      parsePrometheusText(await registry.metrics()).filter((s) => s.name === BACKLOG);
    const service = unique('closing');
    const transport = new KafkaTransport(optionsFor(service));
    open.add(transport);
    transport.exportMetrics(registry);
    await transport.connect();
    expect(await scrape()).toEqual([]);

    groups.push(service);
    await transport.listen({
      events: new Map([[type, async () => undefined]]),
      requests: new Map(),
    });
    const before = await scrape();
    expect(before).toEqual([{ name: BACKLOG, labels: { kind: 'event', source: type }, value: 0 }]);

    await transport.close();
    const started = performance.now();
    expect(await scrape()).toEqual(before);
    expect(performance.now() - started).toBeLessThan(BUS_BACKLOG_SAMPLE_MS);
  });
});
