import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BusOptions, MessagingOptionsFor } from '../../config/messaging-options';
import { createEnvelope, Envelope } from '../../envelope/envelope';
import { HEADER } from '../../envelope/envelope-headers';
import { RemoteError } from '../../errors/remote.error';
import { TransportUnavailableError } from '../../errors/transport-unavailable.error';
import { EventHandler, RequestHandler, Routes } from '../transport';
import { readDeadLetterFile } from './dead-letter-file';
import { FrameDecoder } from './frame-decoder';
import { encodeRoutes } from './peer-routes';
import { encodeFrame, FrameKind, maxFrameBytes } from './tcp-frame';
import { TcpPeer } from './tcp.options';
import { TcpTransport } from './tcp.transport';

jest.setTimeout(20_000);

const HOST = '127.0.0.1';
const FRAME_STALL_MS = 500;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function routes(
  events: Record<string, EventHandler> = {},
  requests: Record<string, RequestHandler> = {},
): Routes {
  return { events: new Map(Object.entries(events)), requests: new Map(Object.entries(requests)) };
}

const event = (type: string, payload: unknown, aggregateId?: string) =>
  createEnvelope({ type, payload, aggregateId });

/** Services of one test: a shared peer list, as the env config gives every real service. */
class Network {
  readonly peers: TcpPeer[] = [];
  readonly dir = mkdtempSync(join(tmpdir(), 'railyard-tcp-spec-'));
  private readonly open = new Set<TcpTransport>();

  async options(
    service: string,
    extra: Partial<BusOptions> = {},
  ): Promise<MessagingOptionsFor<'tcp'>> {
    let peer = this.peers.find((candidate) => candidate.name === service);
    if (!peer) {
      peer = { name: service, host: HOST, port: await freePort() };
      this.peers.push(peer);
    }
    return this.optionsAt(service, peer.port, extra);
  }

  optionsAt(
    service: string,
    port: number | undefined,
    extra: Partial<BusOptions> = {},
  ): MessagingOptionsFor<'tcp'> {
    const tcp = {
      port,
      bindHost: HOST,
      peers: this.peers,
      deadLetterFile: join(this.dir, service, 'dead-letters.jsonl'),
      deadLetterRetention: { maxFileBytes: 16 * 1024 * 1024, files: 4, retentionMs: 86_400_000 },
      frameStallMs: FRAME_STALL_MS,
    };
    return {
      transport: 'tcp',
      service,
      namespace: '',
      instanceId: `${service}-1`,
      maxMessageBytes: 64 * 1024,
      retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
      requestTimeoutMs: 2_000,
      publishTimeoutMs: 2_000,
      shutdownTimeoutMs: 2_000,
      unrouted: { retentionMs: 60_000, maxBytes: 1024 * 1024 },
      tcp,
      ...extra,
    };
  }

  async start(options: MessagingOptionsFor<'tcp'>, r?: Routes): Promise<TcpTransport> {
    const transport = new TcpTransport(options);
    this.open.add(transport);
    await transport.connect();
    if (r) await transport.listen(r);
    return transport;
  }

  async close(transport: TcpTransport): Promise<void> {
    this.open.delete(transport);
    await transport.close();
  }

  async dispose(): Promise<void> {
    await Promise.allSettled([...this.open].map((transport) => transport.close()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function recorder() {
  const seen: Envelope[] = [];
  const handler: EventHandler = async (envelope) => {
    seen.push(envelope);
  };
  return { seen, handler, payloads: () => seen.map((e) => e.payload) };
}

/** Writes raw bytes to a port; resolves with how long the server took to close the socket. */
function abuse(port: number, bytes: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: HOST, port });
    let wroteAt = Date.now();
    const timer = setTimeout(() => reject(new Error('server kept the connection open')), 5_000);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Date.now() - wroteAt);
    });
    socket.once('connect', () => socket.write(bytes, () => (wroteAt = Date.now())));
  });
}

describe('TcpTransport (real sockets)', () => {
  let net: Network;

  beforeEach(() => {
    net = new Network();
  });
  afterEach(() => net.dispose());

  it('fans an event out to every subscriber, itself included, and resolves after they handled it', async () => {
    const [self, other] = [recorder(), recorder()];
    const publisher = await net.start(
      await net.options('order'),
      routes({ 'order.placed': self.handler }),
    );
    await net.start(await net.options('inventory'), routes({ 'order.placed': other.handler }));
    await net.start(await net.options('payment'), routes({ 'payment.done': recorder().handler }));

    await publisher.publish(event('order.placed', { n: 1 }));
    expect(self.payloads()).toEqual([{ n: 1 }]);
    expect(other.payloads()).toEqual([{ n: 1 }]);

    // A client-only process (no port) publishes the same way.
    const client = await net.start(net.optionsAt('gateway', undefined));
    await client.publish(event('order.placed', { n: 2 }));
    expect(other.payloads()).toEqual([{ n: 1 }, { n: 2 }]);
    expect(client.status()).toMatchObject({ transport: 'tcp', connected: true, consuming: false });
    expect(publisher.status()).toMatchObject({ connected: true, consuming: true });
  });

  it('keeps one aggregate in publish order under 100 concurrent publishes', async () => {
    const seen: number[] = [];
    await net.start(
      await net.options('inventory'),
      routes({
        'order.placed': async (envelope) => {
          await sleep(Math.random() * 2);
          seen.push((envelope.payload as { seq: number }).seq);
        },
      }),
    );
    // A publish resolves after its handler ran, so the 100th waits for the 99 before it.
    const publisher = await net.start(await net.options('order', { publishTimeoutMs: 15_000 }));
    await Promise.all(
      Array.from({ length: 100 }, (_, seq) =>
        publisher.publish(event('order.placed', { seq }, 'order-1')),
      ),
    );
    expect(seen).toEqual(Array.from({ length: 100 }, (_, seq) => seq));
  });

  it('runs a saga chain whose handlers publish inline, one aggregate through three services', async () => {
    // order handles stock.reserved (from inventory) and, while it still awaits its own publish,
    // payment.completed (from payment) for the same aggregate: keyed by aggregate alone, the
    // second would wait for the first, which waits for the second.
    const bus: Record<string, TcpTransport> = {};
    const completed = recorder();
    const publishFrom = (service: string, next: string) => async (envelope: Envelope) => {
      await bus[service].publish(
        createEnvelope({ type: next, payload: {}, aggregateId: envelope.aggregateId }),
      );
    };
    bus.order = await net.start(
      await net.options('order', { publishTimeoutMs: 3_000 }),
      routes({
        'stock.reserved': publishFrom('order', 'payment.requested'),
        'payment.completed': completed.handler,
      }),
    );
    bus.inventory = await net.start(
      await net.options('inventory', { publishTimeoutMs: 3_000 }),
      routes({ 'order.placed': publishFrom('inventory', 'stock.reserved') }),
    );
    bus.payment = await net.start(
      await net.options('payment', { publishTimeoutMs: 3_000 }),
      routes({ 'payment.requested': publishFrom('payment', 'payment.completed') }),
    );
    const gateway = await net.start(net.optionsAt('gateway', undefined));

    const began = Date.now();
    await gateway.publish(event('order.placed', {}, 'order-1'));
    expect(Date.now() - began).toBeLessThan(1_000);
    expect(completed.seen.map((e) => e.aggregateId)).toEqual(['order-1']);
  });

  it('learns subscriptions announced by listen() on an already connected publisher', async () => {
    const inventory = await net.start(await net.options('inventory')); // connected, not consuming
    const publisher = await net.start(await net.options('order'));
    await publisher.publish(event('other.type', {})); // the link exists; inventory subscribes to nothing

    const got = recorder();
    await inventory.listen(routes({ 'order.placed': got.handler }));
    await publisher.publish(event('order.placed', { n: 1 }));
    expect(got.payloads()).toEqual([{ n: 1 }]);
  });

  it('waits for a restarting subscriber and delivers in publish order once it listens again', async () => {
    const options = await net.options('inventory');
    const first = recorder();
    const inventory = await net.start(options, routes({ 'order.placed': first.handler }));
    const publisher = await net.start(await net.options('order', { publishTimeoutMs: 5_000 }));
    await publisher.publish(event('order.placed', { seq: 0 }, 'order-1'));

    await net.close(inventory);
    const during = [1, 2, 3].map((seq) =>
      publisher.publish(event('order.placed', { seq }, 'order-1')),
    );
    await sleep(300);
    // Back, but not consuming yet: the publisher must hold the events, not drop them.
    const second = recorder();
    const restarted = await net.start(options);
    // The publisher reconnects (backoff) and is told "not consuming yet": it holds the events.
    const refusal = () =>
      (publisher.status().details as { peers: Record<string, { lastError?: string }> }).peers
        .inventory.lastError;
    for (let waited = 0; refusal() !== 'not consuming yet'; waited += 20) {
      if (waited > 3_000) throw new Error(`publisher never refused: ${refusal()}`);
      await sleep(20);
    }
    expect(second.seen).toEqual([]);
    await restarted.listen(routes({ 'order.placed': second.handler }));
    await Promise.all(during);
    expect(second.payloads()).toEqual([{ seq: 1 }, { seq: 2 }, { seq: 3 }]);
  });

  it('fails a publish loudly, naming the peer, when a peer was never reached', async () => {
    net.peers.push({ name: 'ghost', host: HOST, port: await freePort() });
    const publisher = await net.start(await net.options('order', { publishTimeoutMs: 500 }));
    const began = Date.now();
    const publish = publisher.publish(event('order.placed', {}));
    await expect(publish).rejects.toBeInstanceOf(TransportUnavailableError);
    await expect(publish).rejects.toThrow(/ghost.*never reached/);
    expect(Date.now() - began).toBeLessThan(1_500);
  });

  it('does not wait for a peer that is down but known not to subscribe', async () => {
    const payment = await net.start(
      await net.options('payment'),
      routes({ 'x.y': async () => {} }),
    );
    const got = recorder();
    await net.start(await net.options('inventory'), routes({ 'order.placed': got.handler }));
    const publisher = await net.start(await net.options('order'));
    await publisher.publish(event('order.placed', { n: 1 }));
    await net.close(payment);

    const began = Date.now();
    await publisher.publish(event('order.placed', { n: 2 }));
    expect(Date.now() - began).toBeLessThan(500);
    expect(got.payloads()).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('answers requests, and fails fast for unknown or unreachable targets', async () => {
    const inventoryOptions = await net.options('inventory');
    const inventory = await net.start(
      inventoryOptions,
      routes(
        {},
        {
          'stock.get': async (envelope) => ({
            sku: (envelope.payload as { sku: string }).sku,
            n: 3,
          }),
          'stock.fail': async () => {
            throw { code: 'OUT_OF_STOCK' }; // a plain object, no message (docs/pitfalls.md#remote-error-shape)
          },
        },
      ),
    );
    const client = await net.start(net.optionsAt('gateway', undefined));
    const ask = (type: string, target = 'inventory') =>
      client.request(target, createEnvelope({ type, payload: { sku: 'a' } }), 2_000);

    await expect(ask('stock.get')).resolves.toEqual({ sku: 'a', n: 3 });
    await expect(ask('stock.fail')).rejects.toMatchObject({
      constructor: RemoteError,
      remoteCode: 'OUT_OF_STOCK',
    });
    await expect(ask('stock.get', 'nobody')).rejects.toThrow(/unknown peer "nobody"/);

    await net.close(inventory);
    const began = Date.now();
    await expect(ask('stock.get')).rejects.toBeInstanceOf(TransportUnavailableError);
    expect(Date.now() - began).toBeLessThan(1_000);
  });

  it('closes connections that send oversized, stalled or garbage frames, and keeps serving', async () => {
    const options = await net.options('inventory');
    const got = recorder();
    const inventory = await net.start(options, routes({ 'order.placed': got.handler }));
    const port = options.tcp.port as number;

    const oversized = Buffer.alloc(4);
    oversized.writeUInt32BE(options.maxMessageBytes + 64 * 1024 + 1);
    expect(await abuse(port, oversized)).toBeLessThan(FRAME_STALL_MS);

    const stalled = Buffer.alloc(4 + 10);
    stalled.writeUInt32BE(100);
    const stalledFor = await abuse(port, stalled);
    expect(stalledFor).toBeGreaterThanOrEqual(FRAME_STALL_MS - 50);
    expect(stalledFor).toBeLessThan(FRAME_STALL_MS + 1_000);

    expect(await abuse(port, Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'))).toBeLessThan(
      FRAME_STALL_MS,
    );

    const publisher = await net.start(await net.options('order'));
    await publisher.publish(event('order.placed', { still: 'serving' }));
    expect(got.payloads()).toEqual([{ still: 'serving' }]);
    expect(inventory.status().details).toMatchObject({ framesRejected: 3 });
  });

  it('bounds what it buffers for a peer that stops reading, and fails those publishes in time', async () => {
    const max = maxFrameBytes(64 * 1024);
    // A peer that greets, claims the subscription, then never reads again (as if SIGSTOPped).
    const stuck = createServer((socket) => {
      const decoder = new FrameDecoder(max);
      socket.on('data', (chunk: Buffer) => {
        for (const frame of decoder.push(chunk)) {
          if (frame.kind !== FrameKind.Hello) continue;
          const claims = encodeRoutes('stuck', routes({ 'big.event': async () => {} }));
          socket.write(encodeFrame(FrameKind.HelloReply, frame.id, {}, claims, max));
          socket.pause();
        }
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => stuck.listen(0, HOST, resolve));
    net.peers.push({ name: 'stuck', host: HOST, port: (stuck.address() as AddressInfo).port });
    try {
      const publisher = await net.start(await net.options('order', { publishTimeoutMs: 1_500 }));
      const payload = { pad: 'x'.repeat(60 * 1024) };
      const outcomes = await Promise.allSettled(
        Array.from({ length: 400 }, () => publisher.publish(event('big.event', payload))),
      ); // ~24 MiB offered
      expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
      const { unsentBytes } = (publisher.status().details as { peers: Record<string, never> })
        .peers['stuck'] as { unsentBytes: number };
      expect(unsentBytes).toBeLessThanOrEqual(8 * 1024 * 1024 + 2 * max);
    } finally {
      stuck.close();
    }
  });

  it('refuses a second instance on the same port with a clear error', async () => {
    const options = await net.options('inventory');
    await net.start(options, routes({ 'order.placed': recorder().handler }));
    const second = new TcpTransport({ ...options, instanceId: 'inventory-2' });
    await expect(second.listen(routes({ 'order.placed': recorder().handler }))).rejects.toThrow(
      new RegExp(`${options.tcp.port} of service "inventory" is already in use`),
    );
    await second.close();
  });

  it('will not consume without a port', async () => {
    const client = new TcpTransport(net.optionsAt('gateway', undefined));
    await expect(client.listen(routes({ 'order.placed': recorder().handler }))).rejects.toThrow(
      /no TCP port/,
    );
    await client.close();
  });

  it('dead-letters to a JSON-lines file with the exact body and the reasons', async () => {
    const options = await net.options('inventory');
    const inventory = await net.start(
      options,
      routes({
        'order.placed': async () => {
          throw new Error('no stock table');
        },
      }),
    );
    const publisher = await net.start(await net.options('order'));
    const poison = event('order.placed', { emoji: '🚂', n: 1 });
    await publisher.publish(poison);

    const [letter] = await readDeadLetterFile(options.tcp.deadLetterFile);
    expect(JSON.parse(letter.body.toString('utf8'))).toEqual(poison.payload);
    expect(letter.headers).toMatchObject({
      [HEADER.messageId]: poison.messageId,
      [HEADER.type]: 'order.placed',
      [HEADER.deadLetterReason]: 'handler-failed',
      [HEADER.attempts]: '2',
      [HEADER.error]: expect.stringContaining('no stock table'),
      [HEADER.source]: expect.stringMatching(/^tcp:order@/),
    });
    expect(inventory.metrics.deadLettered).toBe(1);
  });

  it('fails the publish (no ack) when the dead letter cannot be stored', async () => {
    const options = await net.options('inventory');
    const unwritable = { ...options.tcp, deadLetterFile: '/dev/null/cannot/dead-letters.jsonl' };
    await net.start(
      { ...options, tcp: unwritable },
      routes({
        'order.placed': async () => {
          throw new Error('poison');
        },
      }),
    );
    const publisher = await net.start(await net.options('order'));
    await expect(publisher.publish(event('order.placed', {}))).rejects.toThrow(
      /inventory.*refused order\.placed/,
    );
  });
});
