import { Logger } from '@nestjs/common';
import { connect } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { queueDepths } from '../../../../../test/support/rabbitmq-vhost';
import { systemsAtOnce } from '../../../../../test/support/two-systems';
import { TransportPool } from '../../../../../test/transports/support/test-bus';
import { MessagingOptionsFor } from '../../config/messaging-options';
import { messagingOptionsFromEnv } from '../../config/messaging-options.from-config';
import { deadLetterExchangeName, eventExchangeName } from './rabbitmq-names';

/*
 * Issue 18 on the real broker (RABBITMQ_URL, default vhost): two systems with the same service
 * names and the default exchange names, told apart by their namespaces alone.
 */
jest.setTimeout(120_000);
beforeAll(() => Logger.overrideLogger(['warn', 'error']));

const URL = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const RUN = randomUUID().slice(0, 8);
const pool = new TransportPool();
const options: MessagingOptionsFor<'rabbitmq'>[] = [];

function optionsFor(namespace: string, service: string): MessagingOptionsFor<'rabbitmq'> {
  const built = messagingOptionsFromEnv(service, {
    TRANSPORT: 'rabbitmq',
    RABBITMQ_URL: URL,
    RAILYARD_NAMESPACE: namespace,
    MESSAGING_SHUTDOWN_TIMEOUT_MS: '5000',
  }) as MessagingOptionsFor<'rabbitmq'>;
  options.push(built);
  return built;
}

/** The queues of `namespace` in the default vhost (reply queues apart: one per instance), sorted. */
async function queuesOf(namespace: string): Promise<string[]> {
  return Object.keys(await queueDepths('/'))
    .filter((name) => name.startsWith(`${namespace}.`) && !name.includes('.rpc.reply.'))
    .sort();
}

afterAll(async () => {
  await pool.closeAll();
  const namespaces = [...new Set(options.map((o) => o.namespace))];
  const queues = Object.keys(await queueDepths('/')).filter((name) =>
    namespaces.some((namespace) => name.startsWith(`${namespace}.`)),
  );
  const exchanges = [
    ...new Set(options.flatMap((o) => [eventExchangeName(o), deadLetterExchangeName(o)])),
  ];
  const connection = await connect(URL);
  try {
    for (const [kind, names] of [
      ['queue', queues],
      ['exchange', exchanges],
    ] as const) {
      for (const name of names) {
        // An error closes the channel: one each.
        const channel = await connection.createChannel();
        channel.on('error', () => undefined);
        const done = kind === 'queue' ? channel.deleteQueue(name) : channel.deleteExchange(name);
        await done.catch(() => undefined);
        await channel.close().catch(() => undefined);
      }
    }
  } finally {
    await connection.close();
  }
});

describe('two systems on one RabbitMQ, in different namespaces', () => {
  it('run at once with the same service names and each sees exactly its own messages', async () => {
    const namespaces = [`rns-${RUN}-a`, `rns-${RUN}-b`];
    const { problems } = await systemsAtOnce(namespaces, optionsFor, pool);
    expect(problems).toEqual([]);
    // Each system declared its own queues, inside its namespace, on exchanges of its own.
    for (const namespace of namespaces) {
      expect(await queuesOf(namespace)).toEqual(
        [
          'inventory.dead-letter',
          'inventory.events.0',
          'inventory.events.1',
          'inventory.events.2',
          'inventory.events.3',
          'inventory.rpc',
        ].map((name) => `${namespace}.${name}`),
      );
      const scope = options.find((o) => o.namespace === namespace)!;
      expect(eventExchangeName(scope)).toBe(`${namespace}.railyard.events`);
    }
  });
});
