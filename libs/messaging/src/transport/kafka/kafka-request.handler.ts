import { Logger } from '@nestjs/common';
import { KafkaMessage } from 'kafkajs';
import { DeliveryPipeline } from '../../delivery/delivery-pipeline';
import { encodeReply } from '../../delivery/reply.codec';
import { HEADER } from '../../envelope/envelope-headers';
import { describeError } from './kafka-error';
import { KAFKA_HEADER } from './kafka-headers';
import { toInboundMessage } from './kafka-inbound';
import { KafkaPublisher } from './kafka-publisher';
import { isReplyTopic } from './kafka-topic-names';

/** Above any partition count a reply topic is created with (KAFKA_PARTITIONS <= 1000). */
const MAX_REPLY_PARTITION = 999;

/**
 * The reply partition a request names: undefined without the header (a requester from before
 * shared reply topics reads all of its own one-partition topic), NaN for anything but a partition.
 */
export function replyPartitionOf(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const partition = /^\d{1,3}$/.test(header) ? Number(header) : NaN;
  return partition <= MAX_REPLY_PARTITION ? partition : NaN;
}

/**
 * Serves one request from `rpc.<service>` and produces the reply to the partition of its service's
 * reply topic that the requester reads (kafka-reply-channel.ts).
 * A request whose requester has stopped waiting (deadline passed, e.g. a backlog after a restart)
 * is skipped: nobody would read the reply and the work may not be wanted any more. A reply that
 * cannot be sent is logged and the request committed anyway: the requester times out, and
 * redelivering a request nobody waits for would only repeat its side effects.
 */
export function requestHandler(
  pipeline: DeliveryPipeline,
  publisher: KafkaPublisher,
  options: { namespace: string; maxMessageBytes: number; requestTimeoutMs: number },
  logger: Logger,
): (message: KafkaMessage, topic: string) => Promise<void> {
  const { namespace, maxMessageBytes, requestTimeoutMs: replyTimeoutMs } = options;
  return async (message, topic) => {
    const inbound = toInboundMessage(topic, message);
    const deadline = Number(inbound.headers[KAFKA_HEADER.deadline]);
    if (deadline > 0 && Date.now() > deadline) {
      logger.debug(`skipping a request on ${topic} whose requester stopped waiting`);
      return;
    }
    const reply = await pipeline.deliverRequest(inbound);
    const replyTo = inbound.headers[HEADER.replyTo];
    const requestId = inbound.headers[HEADER.messageId];
    const partition = replyPartitionOf(inbound.headers[KAFKA_HEADER.replyPartition]);
    if (!replyTo || !requestId || !isReplyTopic(namespace, replyTo) || Number.isNaN(partition)) {
      logger.warn(
        `request on ${topic} offset ${message.offset} has no usable reply-to; no reply sent`,
      );
      return;
    }
    const timeoutMs = deadline > 0 ? deadline - Date.now() : replyTimeoutMs;
    if (timeoutMs <= 0) {
      logger.debug(`reply to ${requestId} not sent: its requester stopped waiting`);
      return;
    }
    const { headers, body } = encodeReply(requestId, reply, maxMessageBytes);
    try {
      await publisher.send(
        { topic: replyTo, partition, key: requestId, value: body, headers },
        timeoutMs,
      );
    } catch (error) {
      logger.warn(`reply to ${requestId} not sent: ${describeError(error)}`);
    }
  };
}
