export interface ServerSentEvent {
  event: string;
  data: string;
}

/**
 * Reads a text/event-stream as it arrives, in chunks cut anywhere: `push` returns the events the
 * chunk completed. Comments (heartbeats) and fields other than event/data are skipped. A line
 * longer than maxLineChars ends the stream with an error instead of growing without bound.
 */
export class SseParser {
  private buffer = '';
  private event = 'message';
  private data: string[] = [];

  constructor(private readonly maxLineChars = 4 * 1024 * 1024) {}

  push(chunk: string): ServerSentEvent[] {
    this.buffer += chunk;
    const events: ServerSentEvent[] = [];
    let end: number;
    while ((end = this.buffer.search(/\r?\n/)) >= 0) {
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + (this.buffer[end] === '\r' ? 2 : 1));
      const event = this.line(line);
      if (event) events.push(event);
    }
    if (this.buffer.length > this.maxLineChars) {
      throw new Error(`an event-stream line is longer than ${this.maxLineChars} characters`);
    }
    return events;
  }

  private line(line: string): ServerSentEvent | undefined {
    if (line === '') {
      const complete =
        this.data.length > 0 ? { event: this.event, data: this.data.join('\n') } : undefined;
      this.event = 'message';
      this.data = [];
      return complete;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    return undefined;
  }
}
