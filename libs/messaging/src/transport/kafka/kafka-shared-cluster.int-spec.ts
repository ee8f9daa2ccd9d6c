import { Logger } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { systemsAtOnce } from '../../../../../test/support/two-systems';
import { TransportPool } from '../../../../../test/transports/support/test-bus';
import { MessagingOptionsFor } from '../../config/messaging-options';
import { messagingOptionsFromEnv } from '../../config/messaging-options.from-config';

/*
 * Issue 18 on the real broker (KAFKA_BROKERS): systems that share one Kafka. Each test runs in
 * namespaces of its own, with the plain service names every system has (`order`, `inventory`).
 */
jest.setTimeout(180_000);
beforeAll(() => Logger.overrideLogger(['warn', 'error']));

const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const RUN = randomUUID().slice(0, 8);
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
const pool = new TransportPool();

/** The topics of `namespace`, sorted. */
async function topicsOf(namespace: string): Promise<string[]> {
  return (await admin.listTopics()).filter((topic) => topic.startsWith(`${namespace}.`)).sort();
}

beforeAll(() => admin.connect());

afterEach(() => pool.closeAll());

afterAll(async () => {
  const topics = (await admin.listTopics()).filter((t) => namespaces.some((n) => t.startsWith(n)));
  if (topics.length > 0) await admin.deleteTopics({ topics }).catch(() => undefined);
  const { groups } = await admin.listGroups();
  const ours = groups.map((g) => g.groupId).filter((g) => namespaces.some((n) => g.startsWith(n)));
  if (ours.length > 0) await admin.deleteGroups(ours).catch(() => undefined);
  await admin.disconnect();
});

describe('two systems on one Kafka, in different namespaces', () => {
  it('run at once with the same service names and each sees exactly its own messages', async () => {
    const namespaces = [newNamespace(), newNamespace()];
    const { problems } = await systemsAtOnce(namespaces, optionsFor, pool);
    expect(problems).toEqual([]);
    // Everything each system created is inside its namespace (replies: one topic per instance).
    for (const namespace of namespaces) {
      const topics = await topicsOf(namespace);
      expect(topics.filter((topic) => !topic.includes('.rpc.reply.'))).toEqual(
        ['order.placed', 'order.placed.dlq', 'rpc.inventory', 'rpc.inventory.dlq'].map(
          (name) => `${namespace}.${name}`,
        ),
      );
      expect(topics.filter((topic) => topic.includes('.rpc.reply.'))).toHaveLength(3);
    }
  });
});
