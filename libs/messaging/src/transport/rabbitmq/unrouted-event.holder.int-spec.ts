import { connect } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { rabbitmqHarness as harness } from '../../../../../test/transports/support/rabbitmq.harness';
import { MessagingOptionsFor } from '../../config/messaging-options';
import { createEnvelope, Envelope } from '../../envelope/envelope';
import { EventHandler, Transport } from '../transport';
import { eventExchangeName, unroutedQueueName } from './rabbitmq-names';
import { RabbitMqTransport } from './rabbitmq.transport';

/**
 * Events nobody is bound to (unrouted-event.holder.ts), against the real broker: the bounds that
 * the conformance suite's "delivered once the subscriber starts" does not show.
 */
jest.setTimeout(60_000);

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function depth(queue: string): Promise<number> {
  const connection = await connect(process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
  try {
    const channel = await connection.createChannel();
    return (await channel.checkQueue(queue)).messageCount;
  } finally {
    await connection.close();
  }
}

describe('RabbitMQ: events published while nothing is bound to their type', () => {
  const open: Transport[] = [];
  let id: string;
  const service = (name: string) => `rmq-unrouted-${name}-${id}`;
  const type = (name: string) => `unrouted.${id}.${name}`;
  const options = (name: string, retentionMs = 60_000): MessagingOptionsFor<'rabbitmq'> =>
    harness.options(service(name), { unrouted: { retentionMs, maxBytes: 1024 * 1024 } });

  async function start(
    o: MessagingOptionsFor<'rabbitmq'>,
    events: Record<string, EventHandler> = {},
  ) {
    const transport = new RabbitMqTransport(o);
    open.push(transport);
    await transport.connect();
    if (Object.keys(events).length > 0) {
      await transport.listen({ events: new Map(Object.entries(events)), requests: new Map() });
    }
    return transport;
  }

  const unrouted = (t: Transport) => t.status().details?.unrouted as Record<string, number>;

  beforeEach(() => (id = randomUUID().slice(0, 8)));
  afterEach(async () => {
    await Promise.allSettled(open.splice(0).map((t) => t.close()));
  });
  afterAll(() => harness.dispose());

  it('a type nobody consumes is held no longer than the retention: the broker drops it, publishing never stalls', async () => {
    const t = type('orphan');
    const publisher = await start(options('pub', 1_000));
    for (let i = 0; i < 5; i++) {
      await publisher.publish(createEnvelope({ type: t, payload: i, aggregateId: 'a' }));
    }
    const queue = unroutedQueueName(eventExchangeName(harness.options(service('pub'))), t);
    expect(await depth(queue)).toBe(5);
    expect(unrouted(publisher).held).toBe(5);

    await sleep(2_000);
    expect(await depth(queue)).toBe(0);
  });

  it('held events reach their subscriber in publish order; ones past retention are dropped and counted', async () => {
    const [kept, stale] = [type('kept'), type('stale')];
    const publisher = await start(options('pub'));
    for (let seq = 0; seq < 10; seq++) {
      await publisher.publish(createEnvelope({ type: kept, payload: seq, aggregateId: 'agg-1' }));
    }
    await publisher.publish(createEnvelope({ type: stale, payload: 'old', aggregateId: 'agg-2' }));
    // Older than the subscriber's retention by the time it replays them: dropped, not delivered.
    await sleep(1_200);

    const seen: Envelope[] = [];
    const staleSeen: Envelope[] = [];
    const subscriber = await start(options('sub', 1_000), {
      [kept]: async (e) => void seen.push(e),
      [stale]: async (e) => void staleSeen.push(e),
    });
    await waitUntil(() => unrouted(subscriber).expired >= 11, 'the replay to finish');
    expect(seen).toEqual([]);
    expect(staleSeen).toEqual([]);

    // The same again with a retention that keeps them: delivered, in order.
    const again: Envelope[] = [];
    for (let seq = 0; seq < 10; seq++) {
      const envelope = createEnvelope({ type: type('again'), payload: seq, aggregateId: 'agg-1' });
      again.push(envelope);
      await publisher.publish(envelope);
    }
    const received: Envelope[] = [];
    const late = await start(options('late'), {
      [type('again')]: async (e) => void received.push(e),
    });
    await waitUntil(() => received.length >= 10, 'the held events');
    expect(received.map((e) => e.messageId)).toEqual(again.map((e) => e.messageId));
    // Counted once each confirm is back, which may be after the delivery.
    await waitUntil(() => unrouted(late).replayed >= 10, 'the replay to be counted');
    expect(unrouted(late).replayed).toBe(10);
    await sleep(300);
    expect(received).toHaveLength(10);
  });
});
