import { randomUUID } from 'node:crypto';
import { Channel, ChannelModel, ConfirmChannel, connect } from 'amqplib';
import { MessagingOptionsFor } from '@railyard/messaging';
import { EventPayload } from '../event-payload';
import { BenchEndpoint } from './bench-endpoint';

/** Queue names of the raw endpoint: `<service>.raw.<shard>`, removed by the runner afterwards. */
export const rawQueueName = (service: string, shard: number): string => `${service}.raw.${shard}`;

/**
 * Plain amqplib with the bus's guarantees: a confirm channel publishing persistent messages to a
 * durable topic exchange, one durable single-active-consumer queue per shard (as many as the bus
 * has), one consumer channel with the same prefetch and manual acks after the handler. One
 * connection with Nagle off, as the bus has.
 */
export class RawAmqpEndpoint implements BenchEndpoint {
  private connection?: ChannelModel;
  private publisher?: ConfirmChannel;
  private consumer?: Channel;
  private shard = 0;

  constructor(
    private readonly options: MessagingOptionsFor<'rabbitmq'>,
    private readonly type: string,
  ) {}

  async start(onEvent: (payload: EventPayload) => void): Promise<void> {
    const { url, exchange, partitions, prefetch } = this.options.rabbitmq;
    const connection = (this.connection = await connect(url, { noDelay: true }));
    this.publisher = await connection.createConfirmChannel();
    await this.publisher.assertExchange(exchange, 'topic', { durable: true });
    const consumer = (this.consumer = await connection.createChannel());
    await consumer.prefetch(prefetch);
    for (let shard = 0; shard < partitions; shard++) {
      const queue = rawQueueName(this.options.service, shard);
      await consumer.assertQueue(queue, {
        durable: true,
        arguments: { 'x-single-active-consumer': true },
      });
      await consumer.bindQueue(queue, exchange, `${shard}.${this.type}`);
      await consumer.consume(
        queue,
        (message) => {
          if (!message) return;
          onEvent(JSON.parse(message.content.toString('utf8')));
          consumer.ack(message);
        },
        { noAck: false },
      );
    }
  }

  publish(payload: EventPayload): Promise<void> {
    const { exchange, partitions } = this.options.rabbitmq;
    this.shard = (this.shard + 1) % partitions;
    const body = Buffer.from(JSON.stringify(payload));
    return new Promise((resolve, reject) => {
      this.publisher!.publish(
        exchange,
        `${this.shard}.${this.type}`,
        body,
        {
          persistent: true,
          contentType: 'application/json',
          messageId: randomUUID(),
          type: this.type,
        },
        (error: unknown) => (error ? reject(error) : resolve()),
      );
    });
  }

  async close(): Promise<void> {
    await this.consumer?.close().catch(() => undefined);
    await this.publisher?.close().catch(() => undefined);
    await this.connection?.close().catch(() => undefined);
  }
}
