/**
 * A business failure with a stable code. Over the bus the code and message reach the caller intact
 * (RemoteError.remoteCode); `retryable: false` tells the bus not to retry a handler that will fail
 * the same way every time (the message goes straight to the dead letter).
 */
export class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'CodedError';
  }
}
