import { MessagingError } from './messaging.error';

/** The remote handler failed; its own code and message are kept. */
export class RemoteError extends MessagingError {
  readonly code = 'REMOTE_ERROR';

  constructor(
    readonly target: string,
    readonly remoteCode: string,
    readonly remoteMessage: string,
    readonly details?: unknown,
  ) {
    super(`${target} failed: ${remoteCode}: ${remoteMessage}`);
  }
}
