import { randomUUID } from 'node:crypto';
import { MessagingOptionsFor } from '../../config/messaging-options';
import { DeadLetter } from '../../delivery/inbound-message';
import { HEADER } from '../../envelope/envelope-headers';
import { TransportUnavailableError } from '../../errors/transport-unavailable.error';
import { ConfirmPublisher } from './confirm-publisher';
import { deadLetterExchangeName, deadLetterQueueName } from './rabbitmq-names';

/** Headers travel in one AMQP frame (128 KiB by default); a huge error text must not break it. */
const MAX_ERROR_CHARS = 2_000;

/**
 * Stores a dead letter in `<service>.dead-letter`: the original bytes and headers plus why it died.
 * Resolves only after the broker confirmed it AND routed it (`mandatory`): a missing dead-letter
 * queue makes the write fail, so the message stays unacked instead of vanishing.
 */
export async function writeDeadLetter(
  publisher: ConfirmPublisher,
  options: MessagingOptionsFor<'rabbitmq'>,
  deadLetter: DeadLetter,
): Promise<void> {
  const headers = {
    ...deadLetter.headers,
    [HEADER.error]: deadLetter.error.slice(0, MAX_ERROR_CHARS),
    [HEADER.attempts]: String(deadLetter.attempts),
    [HEADER.deadLetterReason]: deadLetter.reason,
    [HEADER.source]: deadLetter.source,
    // AMQP's timestamp is whole seconds: this orders letters stored within one (dead-letter store).
    [HEADER.deadLetteredAt]: new Date().toISOString(),
  };
  const outcome = await publisher.publish(
    { exchange: deadLetterExchangeName(options), routingKey: options.service },
    deadLetter.body,
    {
      persistent: true,
      mandatory: true,
      // A new message (the original id stays in its header); unique, so its return can be told apart.
      messageId: randomUUID(),
      timestamp: Math.floor(Date.now() / 1000),
      appId: options.service,
      headers,
    },
    options.publishTimeoutMs,
  );
  if (outcome === 'returned') {
    throw new TransportUnavailableError(
      'rabbitmq',
      `dead letter not stored: ${deadLetterQueueName(options.namespace, options.service)} is missing`,
    );
  }
}
