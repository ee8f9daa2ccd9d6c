import { randomUUID } from 'node:crypto';
import { connect, createServer, Server, Socket } from 'node:net';
import { MessagingOptionsFor } from '@railyard/messaging';
import { EventPayload } from '../event-payload';
import { BenchEndpoint } from './bench-endpoint';
import { NdjsonLines } from './ndjson-lines';

/**
 * Plain `net` with newline-delimited JSON and the bus's guarantee: the subscriber acks each event
 * after its handler ran, and a publish resolves on that ack. One connection, Nagle off, as the bus.
 */
export class RawTcpEndpoint implements BenchEndpoint {
  private server?: Server;
  private client?: Socket;
  private readonly acks = new Map<number, () => void>();
  private nextId = 0;

  constructor(
    private readonly options: MessagingOptionsFor<'tcp'>,
    private readonly type: string,
  ) {}

  async start(onEvent: (payload: EventPayload) => void): Promise<void> {
    const { bindHost } = this.options.tcp;
    const port = this.options.tcp.port ?? 0;
    this.server = createServer((socket) => {
      socket.setNoDelay(true);
      const lines = new NdjsonLines();
      socket.on('data', (chunk: Buffer) => {
        for (const line of lines.push(chunk)) {
          const event = JSON.parse(line) as { id: number; payload: EventPayload };
          onEvent(event.payload);
          socket.write(`{"ack":${event.id}}\n`);
        }
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => this.server!.listen(port, bindHost, resolve));
    const client = (this.client = connect({ host: bindHost, port, noDelay: true }));
    await new Promise<void>((resolve, reject) => {
      client.once('connect', resolve);
      client.once('error', reject);
    });
    const lines = new NdjsonLines();
    client.on('data', (chunk: Buffer) => {
      for (const line of lines.push(chunk)) {
        const { ack } = JSON.parse(line) as { ack: number };
        this.acks.get(ack)?.();
        this.acks.delete(ack);
      }
    });
  }

  publish(payload: EventPayload): Promise<void> {
    const id = ++this.nextId;
    const line = JSON.stringify({ id, messageId: randomUUID(), type: this.type, payload });
    return new Promise((resolve) => {
      this.acks.set(id, resolve);
      this.client!.write(line + '\n');
    });
  }

  async close(): Promise<void> {
    this.client?.destroy();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}
