import { connect } from 'amqplib';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { rabbitmqHarness as harness } from '../../../../../test/transports/support/rabbitmq.harness';
import { MessagingOptionsFor } from '../../config/messaging-options';
import { createEnvelope, Envelope } from '../../envelope/envelope';
import { HEADER } from '../../envelope/envelope-headers';
import { RequestTimeoutError } from '../../errors/request-timeout.error';
import { TransportUnavailableError } from '../../errors/transport-unavailable.error';
import { EventHandler, RequestHandler, Transport } from '../transport';
import { deadLetterQueueName, eventQueueName } from './rabbitmq-names';
import { RabbitMqTransport } from './rabbitmq.transport';

/**
 * Failure modes of the RabbitMQ transport that the cross-transport conformance suite does not
 * reach, against the real broker (scripts/brokers-up.sh). Faults are injected per connection
 * (rabbitmqctl close_connection) or per queue, never by restarting the shared broker.
 */
jest.setTimeout(60_000);

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/**
 * The broker closes this instance's connection (320 CONNECTION_FORCED), as an admin or a node
 * failover would. One `rabbitmqctl eval` (the CLI takes seconds to boot) finds it by client name.
 */
async function forceCloseConnection(options: MessagingOptionsFor<'rabbitmq'>): Promise<void> {
  const name = options.instanceId;
  const expression =
    `[rabbit_networking:close_connection(P, "spec: forced close") ` +
    `|| P <- rabbit_networking:connections(), ` +
    `{_, Props} <- rabbit_networking:connection_info(P, [client_properties]), ` +
    `{<<"connection_name">>, longstr, <<"${name}">>} <- Props].`;
  const { stdout } = await run('rabbitmqctl', ['eval', expression]);
  if (!stdout.includes('ok')) throw new Error(`no connection named ${name}: ${stdout}`);
}

async function deleteQueues(names: string[]): Promise<void> {
  const connection = await connect(process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
  const channel = await connection.createChannel();
  for (const name of names) await channel.deleteQueue(name);
  await connection.close();
}

describe('RabbitMqTransport against the real broker', () => {
  const open: Transport[] = [];
  let id: string;
  const service = (name: string) => `rmq-spec-${name}-${id}`;
  const type = (name: string) => `spec.${id}.${name}`;

  async function start(
    options: MessagingOptionsFor<'rabbitmq'>,
    events: Record<string, EventHandler> = {},
    requests: Record<string, RequestHandler> = {},
  ): Promise<RabbitMqTransport> {
    const transport = new RabbitMqTransport(options);
    open.push(transport);
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

  it('after a dropped connection, the old delivery is not acked on the new channel but redelivered, and both sides resume', async () => {
    const t = type('dropped');
    const options = harness.options(service('sub'));
    const calls: string[] = [];
    let release!: () => void;
    const blocked = new Promise<void>((done) => (release = done));
    const subscriber = await start(options, {
      [t]: async (e) => {
        calls.push(e.messageId);
        if (calls.length === 1) await blocked;
      },
    });
    const publisher = await start(harness.options(service('pub')));
    const first = createEnvelope({ type: t, payload: 1, aggregateId: 'a' });
    await publisher.publish(first);
    await waitUntil(() => calls.length === 1, 'the first delivery');

    await forceCloseConnection(options);
    await waitUntil(() => !subscriber.status().connected, 'the drop to be noticed');
    await waitUntil(() => subscriber.status().consuming, 'the consumer to come back');
    expect(subscriber.status().details?.reconnects).toBe(1);

    // Its channel is gone: no ack (a stale delivery tag would close the new channel with 406).
    release();
    const second = createEnvelope({ type: t, payload: 2, aggregateId: 'a' });
    await publisher.publish(second);
    await waitUntil(() => calls.length === 3, 'the redelivery and the next event');
    expect(calls).toEqual([first.messageId, first.messageId, second.messageId]);
    await sleep(300);
    expect(calls).toHaveLength(3);
  });

  it('publishes issued while the connection is down wait for the reconnect and are delivered', async () => {
    const t = type('outage');
    const seen: string[] = [];
    await start(harness.options(service('sub')), { [t]: async (e) => void seen.push(e.messageId) });
    const options = harness.options(service('pub'));
    const publisher = await start(options);
    await publisher.publish(createEnvelope({ type: t, payload: 'warm-up' }));

    await forceCloseConnection(options);
    const during = Array.from({ length: 5 }, (_, i) => createEnvelope({ type: t, payload: i }));
    const began = Date.now();
    await Promise.all(during.map((e) => publisher.publish(e)));
    const waited = Date.now() - began;

    await waitUntil(() => during.every((e) => seen.includes(e.messageId)), 'every event');
    expect(waited).toBeGreaterThan(200); // they really waited for the reconnect (~1 s)
  });

  it('a graceful handover between competing instances keeps each aggregate in order, without duplicates', async () => {
    const t = type('handover');
    const name = service('worker');
    const handled = new Map<string, number[]>();
    const byInstance = [0, 0];
    let total = 0;
    const handler =
      (instance: number): EventHandler =>
      async (e) => {
        await sleep(1);
        const { aggregate, seq } = e.payload as { aggregate: string; seq: number };
        handled.set(aggregate, [...(handled.get(aggregate) ?? []), seq]);
        byInstance[instance]++;
        total++;
      };
    const first = await start(harness.options(name), { [t]: handler(0) });
    await start(harness.options(name), { [t]: handler(1) });
    const publisher = await start(harness.options(service('pub')));

    const aggregates = Array.from({ length: 8 }, (_, i) => `agg-${i}`);
    const perAggregate = 50;
    const publishing = (async () => {
      for (let seq = 0; seq < perAggregate; seq++) {
        for (const aggregate of aggregates) {
          await publisher.publish(
            createEnvelope({ type: t, payload: { aggregate, seq }, aggregateId: aggregate }),
          );
        }
      }
    })();
    await waitUntil(() => total >= 100, '100 events');
    await first.close();
    await publishing;

    await waitUntil(() => total >= aggregates.length * perAggregate, 'every event', 30_000);
    const expected = Array.from({ length: perAggregate }, (_, i) => i);
    for (const aggregate of aggregates) expect(handled.get(aggregate)).toEqual(expected);
    // Both consumed shards of their own until the first left; the second then took them all.
    expect(byInstance[0]).toBeGreaterThan(0);
    expect(byInstance[1]).toBeGreaterThan(0);
  });

  it('deleted shard queues are declared again and consumption resumes', async () => {
    const t = type('deleted');
    const name = service('sub');
    const options = harness.options(name);
    const seen: string[] = [];
    const subscriber = await start(options, { [t]: async (e) => void seen.push(e.messageId) });
    const publisher = await start(harness.options(service('pub')));

    const shards = Array.from({ length: options.rabbitmq.partitions }, (_, n) =>
      eventQueueName(options.namespace, name, n),
    );
    await deleteQueues(shards);
    await sleep(200);
    await waitUntil(() => subscriber.status().consuming, 'the consumer to recover', 10_000);
    // The bindings come back when the re-opened channel re-runs its setup; until then events to
    // this service are unroutable (pub/sub: nobody is subscribed), so keep publishing fresh ones.
    const deadline = Date.now() + 10_000;
    while (seen.length === 0 && Date.now() < deadline) {
      await publisher.publish(createEnvelope({ type: t, payload: 'after' }));
      await sleep(200);
    }
    expect(seen.length).toBeGreaterThan(0);
  });

  it('a dead letter that cannot be stored stays unacked and is stored once its queue is back', async () => {
    const t = type('nodlq');
    const name = service('sub');
    let attempts = 0;
    const options = harness.options(name);
    await start(options, {
      [t]: async () => {
        attempts++;
        throw new Error('always fails');
      },
    });
    await deleteQueues([deadLetterQueueName(options.namespace, name)]);
    const publisher = await start(harness.options(service('pub')));
    const poison = createEnvelope({ type: t, payload: { poison: true } });
    await publisher.publish(poison);

    // 3 attempts, the write is returned unroutable, the channel is handed back and re-opened (its
    // setup declares the dead-letter queue again), 3 more attempts, stored.
    let letters: Awaited<ReturnType<typeof harness.readDeadLetters>> = [];
    await waitUntil(() => attempts >= 6, 'the redelivery');
    const deadline = Date.now() + 10_000;
    while (letters.length === 0 && Date.now() < deadline) {
      letters = await harness.readDeadLetters(name, [t]);
      await sleep(100);
    }
    expect(letters).toHaveLength(1);
    expect(letters[0].headers[HEADER.messageId]).toBe(poison.messageId);
    expect(letters[0].headers[HEADER.attempts]).toBe('3');
    expect(attempts).toBe(6);
  });

  it('a request to a service that never listened fails at once; a stale request expires unserved', async () => {
    const client = await start(harness.options(service('client')));
    const began = Date.now();
    await expect(
      client.request(service('nobody'), createEnvelope({ type: 'x.get', payload: {} }), 5_000),
    ).rejects.toBeInstanceOf(TransportUnavailableError);
    expect(Date.now() - began).toBeLessThan(1_000);

    const name = service('server');
    let served = 0;
    const handler: RequestHandler = async () => ++served;
    const server = await start(harness.options(name), {}, { 'x.get': handler });
    await expect(
      client.request(name, createEnvelope({ type: 'x.get', payload: {} }), 5_000),
    ).resolves.toBe(1);
    await server.close();

    await expect(
      client.request(name, createEnvelope({ type: 'x.get', payload: {} }), 300),
    ).rejects.toBeInstanceOf(RequestTimeoutError);
    await sleep(100);
    await start(harness.options(name), {}, { 'x.get': handler });
    await sleep(500);
    expect(served).toBe(1);
  });

  it('refuses event types that RabbitMQ would read as wildcards', async () => {
    const publisher = await start(harness.options(service('pub')));
    const wildcard: Envelope = createEnvelope({ type: 'order.*.placed', payload: {} });
    await expect(publisher.publish(wildcard)).rejects.toThrow(/wildcard/);
  });
});
