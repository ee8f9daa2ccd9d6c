import { MessagingError } from './messaging.error';

export type InvalidMessageReason =
  'too-large' | 'not-json' | 'forbidden-key' | 'bad-envelope' | 'bad-frame' | 'no-handler';

/** An inbound message that no retry can fix: it goes straight to the dead letter. */
export class InvalidMessageError extends MessagingError {
  readonly code = 'INVALID_MESSAGE';

  constructor(
    readonly reason: InvalidMessageReason,
    message: string,
  ) {
    super(message);
  }
}
