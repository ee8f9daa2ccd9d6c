/** One server-sent event as a client reads it; `data` is the event's text (JSON for the console). */
export interface ServerSentEvent {
  event: string;
  data: string;
}

/**
 * Reads a text/event-stream over fetch, as the console page does (with an Authorization header,
 * which EventSource cannot send). Comments (heartbeats) are counted, not returned.
 */
export class EventStreamClient {
  comments = 0;
  private buffered = '';
  private readonly decoder = new TextDecoder();

  private constructor(
    readonly status: number,
    readonly headers: Headers,
    private readonly reader: ReadableStreamDefaultReader<Uint8Array> | undefined,
    private readonly abort: AbortController,
  ) {}

  static async open(url: string, headers: Record<string, string>): Promise<EventStreamClient> {
    const abort = new AbortController();
    const response = await fetch(url, { headers, signal: abort.signal });
    return new EventStreamClient(
      response.status,
      response.headers,
      response.body?.getReader(),
      abort,
    );
  }

  /** The next event, or undefined once the server ended the stream; fails after `timeoutMs`. */
  async next(timeoutMs: number): Promise<ServerSentEvent | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const event = this.take();
      if (event) return event;
      const chunk = await this.read(deadline - Date.now());
      if (chunk === undefined) return undefined;
      this.buffered += chunk;
    }
  }

  /** The next event named `name` (others are skipped). */
  async nextOf(name: string, timeoutMs: number): Promise<ServerSentEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const event = await this.next(deadline - Date.now());
      if (!event) throw new Error(`the stream ended before an event "${name}"`);
      if (event.event === name) return event;
    }
  }

  /** Drops the connection, as a browser tab that closes. */
  close(): void {
    this.abort.abort();
  }

  /** Open as far as this client knows: accepted (200) and not closed by it. */
  get streaming(): boolean {
    return this.status === 200 && !this.abort.signal.aborted;
  }

  private async read(timeoutMs: number): Promise<string | undefined> {
    if (!this.reader) return undefined;
    if (timeoutMs <= 0) throw new Error('no event within the time given');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no event within the time given')), timeoutMs);
    });
    try {
      const { done, value } = await Promise.race([this.reader.read(), late]);
      return done ? undefined : this.decoder.decode(value, { stream: true });
    } finally {
      clearTimeout(timer);
    }
  }

  /** The first complete event in the buffer, skipping comment-only blocks. */
  private take(): ServerSentEvent | undefined {
    for (;;) {
      const end = this.buffered.indexOf('\n\n');
      if (end < 0) return undefined;
      const block = this.buffered.slice(0, end);
      this.buffered = this.buffered.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments++;
        else if (line.startsWith('event: ')) event = line.slice('event: '.length);
        else if (line.startsWith('data: ')) data.push(line.slice('data: '.length));
      }
      if (data.length > 0) return { event, data: data.join('\n') };
    }
  }
}
