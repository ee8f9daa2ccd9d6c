import { MessagingError } from './messaging.error';

/** The broker or peer could not be reached (or did not confirm) within the bound. */
export class TransportUnavailableError extends MessagingError {
  readonly code = 'TRANSPORT_UNAVAILABLE';

  constructor(
    readonly transport: string,
    detail: string,
    override readonly cause?: unknown,
  ) {
    super(`${transport} unavailable: ${detail}`);
  }
}
