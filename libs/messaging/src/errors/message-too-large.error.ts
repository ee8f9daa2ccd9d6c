import { MessagingError } from './messaging.error';

/** Thrown on publish: the bus refuses to send what every consumer would refuse to read. */
export class MessageTooLargeError extends MessagingError {
  readonly code = 'MESSAGE_TOO_LARGE';

  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`message body is ${size} bytes, over the ${limit}-byte limit`);
  }
}
