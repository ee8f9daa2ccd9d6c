import { connect } from 'amqplib';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { rabbitmqHarness as harness } from '../../../../../test/transports/support/rabbitmq.harness';
import { createEnvelope } from '../../envelope/envelope';
import { HEADER } from '../../envelope/envelope-headers';
import { Transport } from '../transport';
import { deadLetterQueueName } from './rabbitmq-names';
import { RabbitMqTransport } from './rabbitmq.transport';

/**
 * The bus declares `<service>.dead-letter` without a length or age bound: adding queue arguments
 * later would make every existing deployment's declaration fail with 406 PRECONDITION_FAILED. The
 * bound is an operator policy instead (README), which applies to existing queues as they are. This
 * checks that recipe against the real broker: the queue is bounded, and dead-letter writes are
 * still confirmed (with `overflow: drop-head`; `reject-publish` would nack them and hold the
 * poison message in its shard, so it must not be used).
 */
jest.setTimeout(60_000);

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function depth(queue: string): Promise<number> {
  const connection = await connect(process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
  try {
    return (await (await connection.createChannel()).checkQueue(queue)).messageCount;
  } finally {
    await connection.close();
  }
}

describe('RabbitMQ dead-letter queue bounded by an operator policy', () => {
  const open: Transport[] = [];
  const policy = `railyard-spec-dlq-${randomUUID().slice(0, 8)}`;

  afterEach(async () => {
    await Promise.allSettled(open.splice(0).map((t) => t.close()));
    await run('rabbitmqctl', ['-q', 'clear_policy', policy]).catch(() => undefined);
  });
  afterAll(() => harness.dispose());

  it('max-length with drop-head keeps the newest dead letters and every write is still confirmed', async () => {
    const id = randomUUID().slice(0, 8);
    const service = `rmq-dlq-${id}`;
    const type = `dlq.${id}.poison`;
    const queue = deadLetterQueueName(harness.options(service).namespace, service);
    await run('rabbitmqctl', [
      '-q',
      'set_policy',
      policy,
      `^${queue.replace(/\./g, '\\.')}$`,
      JSON.stringify({ 'max-length': 3, overflow: 'drop-head' }),
      '--apply-to',
      'queues',
    ]);

    const subscriber = new RabbitMqTransport(harness.options(service));
    open.push(subscriber);
    await subscriber.connect();
    await subscriber.listen({
      events: new Map([
        [
          type,
          async () => {
            throw new Error('poison');
          },
        ],
      ]),
      requests: new Map(),
    });
    const publisher = new RabbitMqTransport(harness.options(`rmq-dlq-pub-${id}`));
    open.push(publisher);
    await publisher.connect();
    for (let n = 0; n < 6; n++) {
      await publisher.publish(createEnvelope({ type, payload: n, aggregateId: 'same' }));
    }

    const deadline = Date.now() + 20_000;
    while (subscriber.metrics.deadLettered < 6 && Date.now() < deadline) await sleep(50);
    expect(subscriber.metrics.deadLettered).toBe(6);
    expect(await depth(queue)).toBe(3);
    const letters = await harness.readDeadLetters(service, [type]);
    expect(letters.map((l) => JSON.parse(l.body.toString('utf8')))).toEqual([3, 4, 5]);
    expect(letters.every((l) => l.headers[HEADER.deadLetterReason] === 'handler-failed')).toBe(
      true,
    );
  });
});
