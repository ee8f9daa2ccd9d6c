import { Logger } from '@nestjs/common';
import type { Channel, ConsumeMessage } from 'amqplib';
import { BusOptions } from '../../config/messaging-options';
import { DeliveryPipeline } from '../../delivery/delivery-pipeline';
import { encodeReply } from '../../delivery/reply.codec';
import { HEADER } from '../../envelope/envelope-headers';
import { toWireHeaders } from './amqp-headers';
import { ConfirmPublisher } from './confirm-publisher';
import { ConsumerChannel } from './consumer-channel';
import { declareRequestQueue } from './rabbitmq-topology';

/**
 * Serves requests from the service's own queue (replicas compete for them; a shared exchange could
 * yield several replies,
 * docs/pitfalls.md#rabbitmq-shared-reply) and answers on the caller's reply queue. A request is acked once
 * its reply went out; one whose process dies mid-way is redelivered to another replica, unless it
 * expired with the caller's timeout first.
 */
export class RequestServer {
  private consumer?: { channel: Channel; tag: string };

  constructor(
    private readonly options: BusOptions,
    private readonly channels: ConsumerChannel,
    private readonly pipeline: DeliveryPipeline,
    private readonly publisher: ConfirmPublisher,
    private readonly logger: Logger,
  ) {}

  async setup(channel: Channel): Promise<void> {
    const { namespace, service } = this.options;
    const queue = await declareRequestQueue(channel, namespace, service);
    const { consumerTag } = await channel.consume(
      queue,
      (message) => this.onRequest(channel, message),
      { noAck: false },
    );
    this.consumer = { channel, tag: consumerTag };
  }

  /** At shutdown: new requests go to other replicas at once (no order to keep, unlike events). */
  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.channel.cancel(consumer.tag).catch(() => undefined);
  }

  private onRequest(channel: Channel, message: ConsumeMessage | null): void {
    if (message === null) {
      const reason = 'the broker cancelled the request consumer';
      void this.channels.recycle(channel, reason, this.options.shutdownTimeoutMs);
      return;
    }
    this.channels.track(this.handle(channel, message));
  }

  private async handle(channel: Channel, message: ConsumeMessage): Promise<void> {
    if (!this.channels.accepts(channel)) {
      if (this.channels.stopping) this.channels.requeue(channel, message);
      return;
    }
    const headers = toWireHeaders(message.properties.headers);
    const inbound = { source: message.fields.routingKey, headers, body: message.content };
    let reply;
    try {
      reply = await this.pipeline.deliverRequest(inbound);
    } catch (error) {
      const reason = `request not handled: ${(error as Error).message}`;
      if (this.channels.stopping) this.logger.warn(`${reason}; left for redelivery`);
      else void this.channels.recycle(channel, reason, this.options.shutdownTimeoutMs);
      return;
    }
    const replyTo = message.properties.replyTo as string | undefined;
    const requestId =
      (message.properties.correlationId as string | undefined) ?? headers[HEADER.messageId];
    if (replyTo && requestId) {
      await this.sendReply(replyTo, requestId, reply);
    } else {
      this.logger.warn(`request ${requestId ?? '(no id)'} has no reply-to; handled, not answered`);
    }
    this.channels.ack(channel, message);
  }

  private async sendReply(
    replyTo: string,
    requestId: string,
    reply: Parameters<typeof encodeReply>[1],
  ): Promise<void> {
    const wire = encodeReply(requestId, reply, this.options.maxMessageBytes);
    try {
      await this.publisher.publish(
        { exchange: '', routingKey: replyTo },
        wire.body,
        {
          correlationId: requestId,
          contentType: 'application/json',
          persistent: false,
          headers: wire.headers,
        },
        this.options.publishTimeoutMs,
      );
    } catch (error) {
      // The caller times out; re-running the handler for a retry could repeat its side effects.
      this.logger.warn(`reply to ${requestId} not sent: ${(error as Error).message}`);
    }
  }
}
