/** What the console's stream hub is told at start (from CONSOLE_STREAM_* in the gateway's config). */
export interface ConsoleStreamOptions {
  /** Time between the start of one poll and the next; a slow poll delays the next, never overlaps. */
  intervalMs: number;
  /** Open streams at once on this gateway; one more is refused with 429. */
  maxClients: number;
  /** Time between heartbeat comments on every open stream. */
  heartbeatMs: number;
}

export const CONSOLE_STREAM_OPTIONS = Symbol('CONSOLE_STREAM_OPTIONS');

/** What the stream sends each poll: one named event, read once and written to every stream. */
export interface ConsoleStreamSource {
  readonly event: string;
  read(): Promise<unknown>;
}

export const CONSOLE_STREAM_SOURCES = Symbol('CONSOLE_STREAM_SOURCES');

/** One open stream, as the hub writes to it. */
export interface StreamSubscriber {
  write(frame: string): void;
  /** Ends the stream (the gateway shuts down). */
  end(): void;
}
