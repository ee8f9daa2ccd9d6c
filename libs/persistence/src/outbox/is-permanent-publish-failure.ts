import { InvalidMessageError, MessageTooLargeError } from '@railyard/messaging';

/**
 * A publish failure no retry can fix: the message itself is refused (too large, not a valid
 * envelope). Anything else (broker down, nack, timeout) may pass on a later attempt.
 */
export function isPermanentPublishFailure(error: unknown): boolean {
  return error instanceof MessageTooLargeError || error instanceof InvalidMessageError;
}
