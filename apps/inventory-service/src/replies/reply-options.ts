import { replyHeaders } from '@railyard/contracts';
import { Envelope, PublishOptions } from '@railyard/messaging';

/**
 * How every event answering a command is addressed: ordered with the order's other events, caused
 * by the command, carrying the command's reply-* headers back so the sender can match it.
 */
export function replyOptions(command: Envelope, orderId: string): PublishOptions {
  return { aggregateId: orderId, causedBy: command, headers: replyHeaders(command.headers) };
}
