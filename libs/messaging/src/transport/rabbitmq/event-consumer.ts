import { Logger } from '@nestjs/common';
import type { Channel, ConsumeMessage } from 'amqplib';
import { MessagingOptionsFor } from '../../config/messaging-options';
import { DeliveryPipeline } from '../../delivery/delivery-pipeline';
import { toWireHeaders } from './amqp-headers';
import { ConsumerChannel } from './consumer-channel';
import { declareEventQueues } from './rabbitmq-topology';
import { SerialLanes } from './serial-lanes';

/**
 * Consumes the service's shard queues. Each shard is a lane: its messages reach the pipeline one
 * after another (ordering per aggregate), shards in parallel. Manual acks only, after the pipeline
 * resolved (handled or dead-lettered): never `noAck` (a throwing handler would lose the message)
 * and never a message left unacked with the consumer frozen (docs/pitfalls.md#rabbitmq-no-ack).
 */
export class EventConsumer {
  private readonly lanes = new SerialLanes();

  constructor(
    private readonly options: MessagingOptionsFor<'rabbitmq'>,
    private readonly channels: ConsumerChannel,
    private readonly pipeline: DeliveryPipeline,
    private readonly logger: Logger,
  ) {}

  async setup(channel: Channel, types: string[]): Promise<void> {
    const queues = await declareEventQueues(channel, this.options, this.options.service, types);
    for (const queue of queues) {
      await channel.consume(queue, (message) => this.onDelivery(channel, queue, message), {
        noAck: false,
      });
    }
  }

  private onDelivery(channel: Channel, queue: string, message: ConsumeMessage | null): void {
    if (message === null) {
      // The broker cancelled the consumer (queue deleted, node going down): declare and consume anew.
      void this.channels.recycle(
        channel,
        `the broker cancelled the consumer of ${queue}`,
        this.options.shutdownTimeoutMs,
      );
      return;
    }
    // Lanes are shared by successive channels: a redelivery waits until its earlier copy finished.
    this.channels.track(this.lanes.run(queue, () => this.handle(channel, queue, message)));
  }

  private async handle(channel: Channel, queue: string, message: ConsumeMessage): Promise<void> {
    // Not started: left unacked, the broker gives it back in order when the channel closes.
    if (!this.channels.accepts(channel)) return;
    const inbound = {
      source: queue,
      headers: toWireHeaders(message.properties.headers),
      body: message.content,
    };
    try {
      await this.pipeline.deliverEvent(inbound);
    } catch (error) {
      // Dead-letter write failed, or shutdown interrupted a retry: the message must not be acked.
      const reason = `${queue} delivery ${message.fields.deliveryTag} not done: ${(error as Error).message}`;
      if (this.channels.stopping) {
        this.logger.warn(`${reason}; left for redelivery`);
        return;
      }
      // A nack would requeue it behind messages of its shard already buffered here; handing the
      // whole channel back keeps the shard's order.
      void this.channels.recycle(channel, reason, this.options.shutdownTimeoutMs);
      return;
    }
    this.channels.ack(channel, message);
  }
}
