import { Envelope } from '@railyard/messaging';
import { CodedError } from '@railyard/platform';

/**
 * A request's inbox record without a reply: its consumer name is also used by `Inbox.once`
 * (which stores none). A wiring mistake, so not retryable.
 */
export class InboxReplyMissingError extends CodedError {
  constructor(envelope: Envelope, consumer: string) {
    super(
      'INBOX_REPLY_MISSING',
      `${consumer} already handled ${envelope.type} ${envelope.messageId} but stored no reply`,
    );
  }
}
