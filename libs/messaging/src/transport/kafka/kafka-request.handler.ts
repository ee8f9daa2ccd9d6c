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

/**
 * Serves one request from `rpc.<service>` and produces the reply to the requester's own topic.
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
    if (!replyTo || !requestId || !isReplyTopic(namespace, replyTo)) {
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
      await publisher.send({ topic: replyTo, key: requestId, value: body, headers }, timeoutMs);
    } catch (error) {
      logger.warn(`reply to ${requestId} not sent: ${describeError(error)}`);
    }
  };
}
