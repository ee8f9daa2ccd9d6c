import { Logger } from '@nestjs/common';
import type { ConsumeMessage } from 'amqplib';
import { decodeReply } from '../../delivery/reply.codec';
import { PendingRequests } from '../../delivery/pending-requests';
import { toWireHeaders } from './amqp-headers';

/**
 * Settles the waiting request a reply belongs to. Replies are consumed without acks (a lost reply is
 * a timeout the caller already handles); late, duplicate or undecodable ones are dropped and logged.
 */
export function receiveReply(
  message: ConsumeMessage,
  pending: PendingRequests,
  maxBytes: number,
  logger: Logger,
): void {
  try {
    const { requestId, reply } = decodeReply(
      toWireHeaders(message.properties.headers),
      message.content,
      maxBytes,
    );
    if (!pending.settle(requestId, reply)) {
      logger.debug(`reply to ${requestId} arrived after its request ended; dropped`);
    }
  } catch (error) {
    logger.warn(`undecodable reply dropped: ${(error as Error).message}`);
  }
}
