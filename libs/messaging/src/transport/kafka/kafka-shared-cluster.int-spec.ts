import { Logger } from '@nestjs/common';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { startKafkaRequester } from '../../../../../test/support/kafka-requester';
import { systemsAtOnce } from '../../../../../test/support/two-systems';
import {
  routes,
  sleep,
  TransportPool,
  waitUntil,
} from '../../../../../test/transports/support/test-bus';
import { MessagingOptionsFor } from '../../config/messaging-options';
import { messagingOptionsFromEnv } from '../../config/messaging-options.from-config';
import { createEnvelope, Envelope } from '../../envelope/envelope';
import { envelopeToHeaders } from '../../envelope/envelope-headers';
import { EventHandler, Transport } from '../transport';
import { eventGroup, eventTopic, replyTopic } from './kafka-topic-names';

/*
 * Issue 18 on the real broker (KAFKA_BROKERS): systems that share one Kafka. Each test runs in
 * namespaces of its own, with the plain service names every system has (`order`, `inventory`).
 */
jest.setTimeout(180_000);
beforeAll(() => Logger.overrideLogger(['warn', 'error']));

const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const RUN = randomUUID().slice(0, 8);
const WAIT_MS = 30_000;
let seq = 0;
const newNamespace = () => `ksc-${RUN}-${++seq}`;
const namespaces: string[] = [];

function optionsFor(
  namespace: string,
  service: string,
  env: Record<string, string> = {},
): MessagingOptionsFor<'kafka'> {
  if (!namespaces.includes(namespace)) namespaces.push(namespace);
  return messagingOptionsFromEnv(service, {
    TRANSPORT: 'kafka',
    KAFKA_BROKERS: BROKERS,
    RAILYARD_NAMESPACE: namespace,
    MESSAGING_SHUTDOWN_TIMEOUT_MS: '5000',
    ...env,
  }) as MessagingOptionsFor<'kafka'>;
}

const kafka = new Kafka({ clientId: RUN, brokers: BROKERS.split(','), logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
const pool = new TransportPool();

/** The topics of `namespace`, sorted. */
async function topicsOf(namespace: string): Promise<string[]> {
  return (await admin.listTopics()).filter((topic) => topic.startsWith(`${namespace}.`)).sort();
}

beforeAll(() => Promise.all([admin.connect(), producer.connect()]));

afterEach(() => pool.closeAll());

afterAll(async () => {
  const topics = (await admin.listTopics()).filter((t) => namespaces.some((n) => t.startsWith(n)));
  if (topics.length > 0) await admin.deleteTopics({ topics }).catch(() => undefined);
  const { groups } = await admin.listGroups();
  const ours = groups.map((g) => g.groupId).filter((g) => namespaces.some((n) => g.startsWith(n)));
  if (ours.length > 0) await admin.deleteGroups(ours).catch(() => undefined);
  await Promise.allSettled([admin.disconnect(), producer.disconnect()]);
});

describe('two systems on one Kafka, in different namespaces', () => {
  it('run at once with the same service names and each sees exactly its own messages', async () => {
    const namespaces = [newNamespace(), newNamespace()];
    const { problems } = await systemsAtOnce(namespaces, optionsFor, pool);
    expect(problems).toEqual([]);
    // Everything each system created is inside its namespace; one reply topic per service.
    for (const namespace of namespaces) {
      expect(await topicsOf(namespace)).toEqual(
        [
          'order.placed',
          'order.placed.dlq',
          'rpc.inventory',
          'rpc.inventory.dlq',
          'rpc.reply.inventory',
          'rpc.reply.order',
        ].map((name) => `${namespace}.${name}`),
      );
    }
  });
});

describe('Kafka reply topics', () => {
  it('are one per service: a SIGKILLed instance leaves no topic and no offsets behind', async () => {
    const namespace = newNamespace();
    await pool.start(
      optionsFor(namespace, 'inventory'),
      routes({}, { 'ping.get': async () => 'pong' }),
    );
    const env = { KAFKA_BROKERS: BROKERS, RAILYARD_NAMESPACE: namespace, TARGET: 'inventory' };
    const killed = await startKafkaRequester({ ...env, SERVICE: 'order' });
    expect(killed.reply).toBe('"pong"');
    await killed.kill();

    expect(await topicsOf(namespace)).toEqual(
      ['rpc.inventory', 'rpc.inventory.dlq', 'rpc.reply.inventory', 'rpc.reply.order'].map(
        (name) => `${namespace}.${name}`,
      ),
    );
    // Its group never committed, so the broker forgets it once its session times out (10 s).
    const committed = await admin.fetchOffsets({
      groupId: killed.group,
      topics: [replyTopic(namespace, 'order')],
    });
    expect(committed.flatMap((t) => t.partitions).every((p) => Number(p.offset) < 0)).toBe(true);
    const deadline = Date.now() + WAIT_MS;
    while ((await admin.describeGroups([killed.group])).groups[0].members.length > 0) {
      if (Date.now() > deadline) throw new Error('the killed member is still in its group');
      await sleep(500);
    }

    // The next instance of the service shares the same reply topic.
    const next = await pool.start(optionsFor(namespace, 'order'));
    const ask = createEnvelope({ type: 'ping.get', payload: {} });
    expect(await next.request('inventory', ask, 20_000)).toBe('pong');
    expect((await topicsOf(namespace)).filter((t) => t.includes('.rpc.reply.'))).toEqual([
      replyTopic(namespace, 'inventory'),
      replyTopic(namespace, 'order'),
    ]);
  });
});

describe('where a new consumer group starts (KAFKA_NEW_GROUP_START)', () => {
  const HOUR_MS = 60 * 60 * 1000;

  /** Writes an event into `namespace`'s topic as if it had been published at `timestamp`. */
  async function publishedAt(namespace: string, event: Envelope, timestamp: number) {
    await producer.send({
      topic: eventTopic(namespace, event.type),
      messages: [
        {
          key: event.aggregateId,
          value: Buffer.from(JSON.stringify(event.payload)),
          headers: envelopeToHeaders(event),
          timestamp: String(timestamp),
        },
      ],
    });
  }

  /** A topic with an event of two hours ago and one of a minute ago; a new event after joining. */
  async function history(start: string) {
    const namespace = newNamespace();
    const type = 'order.placed';
    // Written in time order, as producers do: a partition's time index finds the first event
    // at or after a time, so an older one written after a newer one would be read too.
    const topic = eventTopic(namespace, type);
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    const old = createEnvelope({ type, payload: { age: 'two hours' } });
    const recent = createEnvelope({ type, payload: { age: 'a minute' } });
    await publishedAt(namespace, old, Date.now() - 2 * HOUR_MS);
    await publishedAt(namespace, recent, Date.now() - 60_000);
    const seen: string[] = [];
    await startOf(namespace, 'inventory', start, {
      [type]: async (e) => void seen.push(e.messageId),
    });
    const publisher = await startOf(namespace, 'order');
    const fresh = createEnvelope({ type, payload: { age: 'new' } });
    await publisher.publish(fresh);
    await waitUntil(() => seen.includes(fresh.messageId), WAIT_MS, 'the event after joining');
    await sleep(1_000); // older ones, if replayed, come before it on their partitions; give them time
    return {
      namespace,
      seen,
      old: old.messageId,
      recent: recent.messageId,
      fresh: fresh.messageId,
    };
  }

  function startOf(
    namespace: string,
    service: string,
    newGroupStart?: string,
    events?: Record<string, EventHandler>,
  ): Promise<Transport> {
    const env: Record<string, string> = { MESSAGING_UNROUTED_RETENTION_MS: String(HOUR_MS) };
    if (newGroupStart) env.KAFKA_NEW_GROUP_START = newGroupStart;
    return pool.start(optionsFor(namespace, service, env), routes(events));
  }

  it('window (default): what other transports would still hold, nothing older', async () => {
    const run = await history('window');
    expect(run.seen).toContain(run.recent);
    expect(run.seen).toContain(run.fresh);
    expect(run.seen).not.toContain(run.old);
    // The placed start is committed: the group's position survives it leaving.
    const committed = await admin.fetchOffsets({
      groupId: eventGroup(run.namespace, 'inventory'),
      topics: [eventTopic(run.namespace, 'order.placed')],
    });
    expect(committed[0].partitions.every((p) => Number(p.offset) >= 0)).toBe(true);
  });

  it('earliest: all retained history, on request', async () => {
    const run = await history('earliest');
    expect(run.seen).toEqual(expect.arrayContaining([run.old, run.recent, run.fresh]));
  });

  it('latest: only what is published once the group joined', async () => {
    const run = await history('latest');
    expect(run.seen).toContain(run.fresh);
    expect(run.seen).not.toContain(run.recent);
    expect(run.seen).not.toContain(run.old);
  });

  it('applies only to partitions without a committed offset: a restarted group goes on', async () => {
    const namespace = newNamespace();
    const type = 'order.placed';
    const publisher = await startOf(namespace, 'order');
    const seen: string[] = [];
    const handler = { [type]: async (e: Envelope) => void seen.push(e.messageId) };
    const first = await startOf(namespace, 'inventory', 'latest', handler);
    const before = createEnvelope({ type, payload: 'before the restart' });
    await publisher.publish(before);
    await waitUntil(() => seen.includes(before.messageId), WAIT_MS, 'the first event');
    await first.close();

    const whileDown = createEnvelope({ type, payload: 'while the group had no member' });
    await publisher.publish(whileDown);
    await startOf(namespace, 'inventory', 'latest', handler);
    await waitUntil(() => seen.includes(whileDown.messageId), WAIT_MS, 'the event while down');
    expect(seen.filter((id) => id === before.messageId)).toHaveLength(1);
  });
});
