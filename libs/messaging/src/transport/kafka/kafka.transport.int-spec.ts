import { Logger } from '@nestjs/common';
import { Admin, Kafka, KafkaMessage, logLevel, Partitioners, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { BusOptions, MessagingOptionsFor } from '../../config/messaging-options';
import { messagingOptionsFromEnv } from '../../config/messaging-options.from-config';
import { createEnvelope, Envelope } from '../../envelope/envelope';
import { envelopeToHeaders, HEADER } from '../../envelope/envelope-headers';
import { EventHandler, RequestHandler, Routes } from '../transport';
import { createKafkaClient } from './kafka-client.factory';
import { SupervisedConsumer } from './kafka-consumer.supervisor';
import { decodeKafkaHeaders, KAFKA_HEADER } from './kafka-headers';
import { KafkaTransport } from './kafka.transport';

/*
 * Kafka-specific behaviour against the real broker (scripts/brokers-up.sh, KAFKA_BROKERS). The
 * transport contract shared with the other transports is in test/transports/.
 */
jest.setTimeout(60_000);

const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const RUN = `kafka-spec-${randomUUID().slice(0, 8)}`;
let seq = 0;
const unique = (name: string) => `${RUN}.${++seq}.${name}`;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function optionsFor(
  service: string,
  overrides: Partial<BusOptions> = {},
): MessagingOptionsFor<'kafka'> {
  const options = messagingOptionsFromEnv(service, {
    TRANSPORT: 'kafka',
    KAFKA_BROKERS: BROKERS,
    MESSAGING_RETRY_ATTEMPTS: '3',
    MESSAGING_RETRY_BASE_MS: '20',
    MESSAGING_RETRY_MAX_MS: '200',
    MESSAGING_SHUTDOWN_TIMEOUT_MS: '5000',
  });
  return { ...options, ...overrides };
}

function routes(
  events: Record<string, EventHandler> = {},
  requests: Record<string, RequestHandler> = {},
): Routes {
  return { events: new Map(Object.entries(events)), requests: new Map(Object.entries(requests)) };
}

const kafka = new Kafka({ clientId: RUN, brokers: BROKERS.split(','), logLevel: logLevel.NOTHING });
let admin: Admin;
let producer: Producer;
const open = new Set<KafkaTransport>();

async function start(options: MessagingOptionsFor<'kafka'>, r?: Routes): Promise<KafkaTransport> {
  const transport = new KafkaTransport(options);
  open.add(transport);
  await transport.connect();
  if (r) await transport.listen(r);
  return transport;
}

/** Every message of `topic` (read to the high watermarks), with partition and key. */
async function readTopic(topic: string) {
  const offsets = await admin.fetchTopicOffsets(topic);
  const remaining = new Map(
    offsets.filter((o) => Number(o.high) > Number(o.low)).map((o) => [o.partition, Number(o.high)]),
  );
  const read: Array<{ partition: number; message: KafkaMessage }> = [];
  if (remaining.size === 0) return read;
  const consumer = kafka.consumer({
    groupId: `${RUN}-reader-${randomUUID()}`,
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      read.push({ partition, message });
      if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0))
        remaining.delete(partition);
    },
  });
  await waitUntil(() => remaining.size === 0, `reading ${topic}`);
  await consumer.disconnect();
  return read;
}

beforeAll(async () => {
  admin = kafka.admin();
  producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await Promise.all([admin.connect(), producer.connect()]);
});

afterEach(async () => {
  await Promise.allSettled([...open].map((t) => t.close()));
  open.clear();
});

afterAll(async () => {
  // Reply topics are `rpc.reply.<service>`, and every service name here contains RUN.
  const topics = (await admin.listTopics()).filter((t) => t.includes(RUN));
  if (topics.length > 0) await admin.deleteTopics({ topics }).catch(() => undefined);
  await Promise.allSettled([admin.disconnect(), producer.disconnect()]);
});

describe('KafkaTransport on a real broker', () => {
  it('listen() resolves once joined: nothing published before or right after it is missed', async () => {
    const type = unique('joined');
    const publisher = await start(optionsFor(unique('pub')));
    const before = createEnvelope({ type, payload: { n: 0 } });
    await publisher.publish(before);

    const seen: string[] = [];
    const subscriber = await start(
      optionsFor(unique('sub')),
      routes({ [type]: async (e) => void seen.push(e.messageId) }),
    );
    expect(subscriber.status()).toMatchObject({ connected: true, consuming: true });
    const after = createEnvelope({ type, payload: { n: 1 } });
    await publisher.publish(after);

    await waitUntil(() => seen.length >= 2, 'both events');
    // Different aggregates may land on different partitions: no order between them is promised.
    expect([...seen].sort()).toEqual([before.messageId, after.messageId].sort());
    await subscriber.close();
    expect(subscriber.status()).toMatchObject({ connected: false, consuming: false });
  });

  it('creates event and dead-letter topics with the configured partition count', async () => {
    const type = unique('partitioned');
    const options = optionsFor(unique('sub'));
    await start(
      { ...options, kafka: { ...options.kafka, partitions: 5 } },
      routes({ [type]: async () => {} }),
    );
    const { topics } = await admin.fetchTopicMetadata({ topics: [type, `${type}.dlq`] });
    expect(topics.map((t) => t.partitions.length)).toEqual([5, 5]);
  });

  it('keeps order per aggregate for publishes issued concurrently', async () => {
    const type = unique('concurrent');
    const seen: number[] = [];
    await start(
      optionsFor(unique('sub')),
      routes({
        [type]: async (e) => void seen.push((e.payload as { i: number }).i),
      }),
    );
    const publisher = await start(optionsFor(unique('pub')));
    await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        publisher.publish(createEnvelope({ type, payload: { i }, aggregateId: 'one' })),
      ),
    );
    await waitUntil(() => seen.length >= 300, '300 events');
    expect(seen).toEqual(Array.from({ length: 300 }, (_, i) => i));
  });

  it('dead-letters with the original key, body and headers, naming the service', async () => {
    const type = unique('poison');
    const service = unique('sub');
    await start(
      optionsFor(service),
      routes({
        [type]: async () => {
          throw new Error('indigestible');
        },
      }),
    );
    const publisher = await start(optionsFor(unique('pub')));
    const poison = createEnvelope({
      type,
      payload: { bad: true },
      aggregateId: 'agg-7',
      headers: { tenant: 't1' },
    });
    await publisher.publish(poison);

    let letters: Awaited<ReturnType<typeof readTopic>> = [];
    for (let i = 0; i < 50 && letters.length === 0; i++) {
      letters = await readTopic(`${type}.dlq`);
      if (letters.length === 0) await sleep(200);
    }
    expect(letters).toHaveLength(1);
    const { message } = letters[0];
    const headers = decodeKafkaHeaders(message.headers);
    expect(message.key?.toString()).toBe('agg-7');
    expect(JSON.parse(message.value!.toString())).toEqual({ bad: true });
    expect(headers).toMatchObject({
      ...envelopeToHeaders(poison),
      [HEADER.error]: expect.stringContaining('indigestible'),
      [HEADER.attempts]: '3',
      [HEADER.deadLetterReason]: 'handler-failed',
      [HEADER.source]: type,
      [KAFKA_HEADER.deadLetteredBy]: service,
    });
  });

  it('dead-letters a null-value message and keeps consuming', async () => {
    const type = unique('tombstone');
    const good: Envelope[] = [];
    const subscriber = await start(
      optionsFor(unique('sub')),
      routes({ [type]: async (e) => void good.push(e) }),
    );
    const headers = envelopeToHeaders(createEnvelope({ type, payload: null }));
    await producer.send({ topic: type, messages: [{ key: 'k', value: null, headers }] });
    const publisher = await start(optionsFor(unique('pub')));
    await publisher.publish(createEnvelope({ type, payload: { after: true } }));

    await waitUntil(() => good.length === 1 && subscriber.metrics.invalid === 1, 'both outcomes');
    const [letter] = await readTopic(`${type}.dlq`);
    expect(decodeKafkaHeaders(letter.message.headers)[HEADER.deadLetterReason]).toBe('not-json');
  });

  it('skips requests whose requester stopped waiting, and never replies into a non-reply topic', async () => {
    const server = unique('server');
    let served = 0;
    await start(optionsFor(server), routes({}, { 'ping.get': async () => `pong ${++served}` }));
    const victim = unique('victim');
    await admin.createTopics({ topics: [{ topic: victim, numPartitions: 1 }] });
    const request = (extra: Record<string, string>) => ({
      key: 'k',
      value: Buffer.from('{}'),
      headers: {
        ...envelopeToHeaders(createEnvelope({ type: 'ping.get', payload: {} })),
        ...extra,
      },
    });
    await producer.send({
      topic: `rpc.${server}`,
      messages: [
        request({
          [KAFKA_HEADER.deadline]: String(Date.now() - 1),
          [HEADER.replyTo]: 'rpc.reply.x',
        }),
        request({ [HEADER.replyTo]: victim }),
      ],
    });
    const client = await start(optionsFor(unique('client')));
    const reply = await client.request(
      server,
      createEnvelope({ type: 'ping.get', payload: {}, aggregateId: 'k' }),
      10_000,
    );
    // Same key, same partition: the stale one was skipped and the forged one served before ours.
    expect(reply).toBe('pong 2');
    expect(await readTopic(victim)).toEqual([]);
  });

  it('serves requests of one partition concurrently, up to KAFKA_REQUEST_CONCURRENCY', async () => {
    // A burst of creates used to wait in line per partition (504s past ~30 concurrent, issue 13).
    const server = unique('server');
    const base = optionsFor(server);
    let inFlight = 0;
    let maxInFlight = 0;
    await start(
      { ...base, kafka: { ...base.kafka, requestConcurrency: 8 } },
      routes(
        {},
        {
          'slow.get': async (envelope) => {
            maxInFlight = Math.max(maxInFlight, ++inFlight);
            await sleep(200);
            inFlight--;
            return envelope.messageId;
          },
        },
      ),
    );
    const client = await start(optionsFor(unique('client')));
    const envelopes = Array.from({ length: 24 }, () =>
      // One key: one partition, where requests used to be served one at a time.
      createEnvelope({ type: 'slow.get', payload: {}, aggregateId: 'one-partition' }),
    );
    const replies = await Promise.all(envelopes.map((e) => client.request(server, e, 30_000)));
    expect(replies).toEqual(envelopes.map((e) => e.messageId));
    expect(maxInFlight).toBe(8);
  });

  it('leaves a message abandoned mid-retry at shutdown to the next instance', async () => {
    const type = unique('aborted');
    const service = unique('sub');
    let attempts = 0;
    const slowRetries = optionsFor(service, {
      retry: { maxAttempts: 20, baseDelayMs: 300, maxDelayMs: 300 },
    });
    const first = await start(
      slowRetries,
      routes({
        [type]: async () => {
          attempts++;
          throw new Error('not yet');
        },
      }),
    );
    const publisher = await start(optionsFor(unique('pub')));
    const envelope = createEnvelope({ type, payload: {} });
    await publisher.publish(envelope);
    await waitUntil(() => attempts >= 2, 'a retry');
    const closing = Date.now();
    await first.close();
    expect(Date.now() - closing).toBeLessThan(3_000);
    expect(first.metrics.deadLettered).toBe(0);

    const seen: string[] = [];
    await start(optionsFor(service), routes({ [type]: async (e) => void seen.push(e.messageId) }));
    await waitUntil(() => seen.length > 0, 'the redelivery');
    expect(seen).toEqual([envelope.messageId]);
  });
});

describe('SupervisedConsumer', () => {
  it('relaunches a consumer that kafkajs gave up on (CRASH with restart: false)', async () => {
    const topic = unique('crashing');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const handled: string[] = [];
    let calls = 0;
    const logger = new Logger('spec');
    const client = createKafkaClient(optionsFor(unique('supervised')), logger);
    const supervisor = new SupervisedConsumer(
      client,
      {
        label: 'spec',
        groupId: unique('group'),
        topics: [topic],
        partitionsConsumedConcurrently: 1,
        handle: async (message) => {
          // kafkajs treats a TypeError as unrecoverable: its consumer crashes without restarting.
          if (++calls === 1) throw new TypeError('a bug on the first delivery');
          handled.push(message.value!.toString());
        },
      },
      logger,
      () => undefined,
    );
    try {
      await supervisor.start();
      await producer.send({ topic, messages: [{ value: 'm1' }, { value: 'm2' }] });
      await waitUntil(() => handled.length >= 2, 'redelivery after the relaunch', 30_000);
      expect(handled).toEqual(['m1', 'm2']);
      expect(supervisor.describe()).toMatchObject({ joined: true, relaunches: 1 });
    } finally {
      await supervisor.stop(5_000);
    }
  });
});
