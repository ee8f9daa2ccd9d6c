import { randomUUID } from 'node:crypto';
import {
  createEnvelope,
  createTransport,
  Envelope,
  EventHandler,
  MessagingOptions,
  RequestHandler,
  Routes,
  Transport,
} from '@railyard/messaging';

/** Polls `condition` until it holds; fails with `what` after `timeoutMs`. */
export async function waitUntil(
  condition: () => boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Unique names per test, so tests never see each other's queues, topics or groups. */
export function uniqueNames(prefix: string) {
  const id = randomUUID().slice(0, 8);
  return {
    service: (name: string) => `${prefix}-${name}-${id}`,
    type: (name: string) => `conf.${id}.${name}`,
  };
}

/** Records what a handler saw, in order. */
export class Recorder {
  readonly seen: Envelope[] = [];

  readonly handler: EventHandler = async (envelope) => {
    this.seen.push(envelope);
  };

  ids(): string[] {
    return this.seen.map((e) => e.messageId);
  }

  waitFor(count: number, timeoutMs: number, what = 'messages'): Promise<void> {
    return waitUntil(
      () => this.seen.length >= count,
      timeoutMs,
      `${count} ${what} (got ${this.seen.length})`,
    );
  }
}

export function routes(
  events: Record<string, EventHandler> = {},
  requests: Record<string, RequestHandler> = {},
) {
  return { events: new Map(Object.entries(events)), requests: new Map(Object.entries(requests)) };
}

/** Starts transports and closes every one of them after the test, whatever happened. */
export class TransportPool {
  private readonly open = new Set<Transport>();

  async start(options: MessagingOptions, r: Routes = routes()): Promise<Transport> {
    const transport = createTransport(options);
    this.open.add(transport);
    await transport.connect();
    if (r.events.size > 0 || r.requests.size > 0) await transport.listen(r);
    return transport;
  }

  async close(transport: Transport): Promise<void> {
    this.open.delete(transport);
    await transport.close();
  }

  async closeAll(): Promise<void> {
    const all = [...this.open];
    this.open.clear();
    await Promise.allSettled(all.map((t) => t.close()));
  }
}

export function event(type: string, payload: unknown, aggregateId?: string) {
  return createEnvelope({ type, payload, aggregateId });
}
