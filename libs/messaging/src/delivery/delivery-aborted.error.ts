import { MessagingError } from '../errors/messaging.error';

/**
 * The process is stopping while a message was between retries: the transport must leave it
 * unacknowledged so the broker hands it to another instance (or to this one after restart).
 */
export class DeliveryAbortedError extends MessagingError {
  readonly code = 'DELIVERY_ABORTED';

  constructor(type: string) {
    super(`delivery of ${type} abandoned: shutting down`);
  }
}
