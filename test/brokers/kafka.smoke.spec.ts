/**
 * Smoke test for the local Kafka started by `npm run brokers:up`: one record produced with
 * acks=-1 is consumed back by a brand-new consumer group with the exact key and value.
 *
 * Never skipped: if Kafka is down this fails, naming the broker and how to start it.
 */
import { randomUUID } from 'node:crypto';
import { Admin, Consumer, Kafka, KafkaMessage, Partitioners, Producer, logLevel } from 'kafkajs';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092')
  .split(',')
  .map((broker) => broker.trim())
  .filter((broker) => broker.length > 0);
// kafkajs gives up on its own after ~3 x (3 s connect + 5 s request) plus backoff; the
// outer limit is above that so the client is not left retrying in the background.
const CONNECT_TIMEOUT_MS = 30_000;
const CONSUME_TIMEOUT_MS = 30_000;

jest.setTimeout(60_000);

/** Rejects with `message` if `promise` has not settled within `ms`. */
function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

describe('Kafka broker (smoke)', () => {
  const runId = `${Date.now()}-${randomUUID().slice(0, 8)}`;
  const topic = `railyard.smoke.kafka.${runId}`;
  const groupId = `railyard-smoke-${runId}`;

  const kafka = new Kafka({
    clientId: `railyard-smoke-${runId}`,
    brokers: BROKERS,
    connectionTimeout: 3_000,
    requestTimeout: 5_000,
    // Few, quick retries: an unreachable broker should fail the test in seconds, not minutes.
    retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 1_000 },
    logLevel: logLevel.NOTHING,
  });
  let admin: Admin | undefined;
  let producer: Producer | undefined;
  let consumer: Consumer | undefined;

  afterAll(async () => {
    await consumer?.disconnect().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
    if (admin) {
      await admin.deleteTopics({ topics: [topic], timeout: 5_000 }).catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    }
  });

  it('round-trips a record with acks=-1 through a fresh consumer group', async () => {
    const connectedAdmin = kafka.admin();
    admin = connectedAdmin;
    try {
      // connect() alone can resolve against a port that accepts TCP but never answers;
      // a metadata request proves a Kafka broker is really serving.
      const reachable = connectedAdmin.connect().then(() => connectedAdmin.describeCluster());
      await within(reachable, CONNECT_TIMEOUT_MS, `no answer within ${CONNECT_TIMEOUT_MS} ms`);
    } catch (error) {
      throw new Error(
        `Kafka broker unreachable at ${BROKERS.join(',')} (${describeError(error)}). ` +
          'Start it with `npm run brokers:up` or point KAFKA_BROKERS at a running broker.',
      );
    }

    // Created explicitly (rather than auto-created) so the partition leader exists before
    // the first produce, which keeps the test free of LEADER_NOT_AVAILABLE retries.
    await connectedAdmin.createTopics({
      topics: [{ topic, numPartitions: 1, replicationFactor: 1 }],
      waitForLeaders: true,
    });

    const key = `key-${runId}`;
    const value = JSON.stringify({ hello: 'railyard', runId });

    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const [sent] = await producer.send({ topic, acks: -1, messages: [{ key, value }] });
    expect(sent.errorCode).toBe(0);

    consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const received = await within(
      new Promise<KafkaMessage>((resolve) => {
        void consumer?.run({
          eachMessage: async ({ message }) => resolve(message),
        });
      }),
      CONSUME_TIMEOUT_MS,
      `Kafka at ${BROKERS.join(',')} accepted the record but it was not consumed back from ` +
        `${topic} within ${CONSUME_TIMEOUT_MS} ms`,
    );

    expect(received.key?.toString()).toBe(key);
    expect(received.value?.toString()).toBe(value);
  });
});
