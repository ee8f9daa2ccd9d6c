/**
 * A peer broke the framing: the stream cannot be trusted past this point, so the connection that
 * carried it is closed. Never thrown past the connection (the process and other peers go on).
 */
export class FrameError extends Error {
  constructor(
    readonly reason: 'oversized' | 'malformed' | 'stalled',
    message: string,
  ) {
    super(message);
    this.name = 'FrameError';
  }
}
