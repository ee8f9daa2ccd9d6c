/**
 * Smoke test for the local RabbitMQ checked by `npm run brokers:up`: a message published on a
 * confirm channel is confirmed by the broker, then consumed back, checked and acked.
 *
 * Never skipped: if RabbitMQ is down this fails, naming the broker and how to start it.
 */
import { randomUUID } from 'node:crypto';
import * as amqp from 'amqplib';

const RABBITMQ_URL = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const CONNECT_TIMEOUT_MS = 5_000;
const STEP_TIMEOUT_MS = 10_000;

jest.setTimeout(30_000);

type AmqpConnection = Awaited<ReturnType<typeof amqp.connect>>;

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

/** The URL without its password, for error messages. */
function redacted(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

describe('RabbitMQ broker (smoke)', () => {
  const queue = `railyard.smoke.rabbitmq.${Date.now()}-${randomUUID().slice(0, 8)}`;
  let connection: AmqpConnection | undefined;
  let channel: amqp.ConfirmChannel | undefined;

  afterAll(async () => {
    await channel?.deleteQueue(queue).catch(() => undefined);
    await channel?.close().catch(() => undefined);
    await connection?.close().catch(() => undefined);
  });

  it('publishes with a broker confirm and consumes the same message back', async () => {
    try {
      connection = await within(
        amqp.connect(RABBITMQ_URL, { timeout: CONNECT_TIMEOUT_MS }),
        CONNECT_TIMEOUT_MS + 1_000,
        `no answer within ${CONNECT_TIMEOUT_MS} ms`,
      );
    } catch (error) {
      throw new Error(
        `RabbitMQ broker unreachable at ${redacted(RABBITMQ_URL)} (${describeError(error)}). ` +
          'Start it with `npm run brokers:up` or point RABBITMQ_URL at a running broker.',
      );
    }
    // Without a listener an 'error' event (e.g. a forced close) would crash the test runner.
    connection.on('error', () => undefined);

    const confirmChannel = await connection.createConfirmChannel();
    channel = confirmChannel;
    await confirmChannel.assertQueue(queue, { durable: false, autoDelete: false });

    const body = JSON.stringify({ hello: 'railyard', queue });
    const messageId = randomUUID();
    confirmChannel.sendToQueue(queue, Buffer.from(body), {
      messageId,
      contentType: 'application/json',
    });
    await within(
      confirmChannel.waitForConfirms(),
      STEP_TIMEOUT_MS,
      `RabbitMQ did not confirm the publish to ${queue} within ${STEP_TIMEOUT_MS} ms`,
    );

    const received = await within(
      new Promise<amqp.ConsumeMessage>((resolve) => {
        void confirmChannel.consume(
          queue,
          (message) => {
            if (message) resolve(message);
          },
          { noAck: false },
        );
      }),
      STEP_TIMEOUT_MS,
      `RabbitMQ confirmed the publish but nothing was consumed from ${queue} within ${STEP_TIMEOUT_MS} ms`,
    );
    confirmChannel.ack(received);

    expect(received.content.toString()).toBe(body);
    expect(received.properties.messageId).toBe(messageId);

    const deleted = await confirmChannel.deleteQueue(queue);
    expect(deleted.messageCount).toBe(0);
  });
});
