import {
  BusOptions,
  createTransport,
  HEADER,
  MessagingOptions,
  MessagingOptionsFor,
  messagingOptionsFromEnv,
  Routes,
  TcpOptions,
  TcpPeer,
  Transport,
} from '@railyard/messaging';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoredDeadLetter, TransportHarness } from './transport-harness';
import {
  encodeFrame,
  FrameDecoder,
  FrameKind,
  LENGTH_PREFIX_BYTES,
  maxFrameBytes,
  readDeadLetterFile,
  TCP_HEADER,
  type TcpTuning,
} from '@railyard/messaging/testing';

const HOST = '127.0.0.1';
/** Short, so the stalled-frame test need not wait the 10 s production default. */
export const TEST_FRAME_STALL_MS = 1_000;
/** How long restartBroker() keeps every relay down. */
const RELAY_DOWN_MS = 1_500;
const RAW_TIMEOUT_MS = 10_000;

/**
 * Relays one service's peer address to its real port. Peers reach each other only through
 * relays, so restartBroker() can cut every connection and refuse new ones for a moment: what
 * the others see when a peer restarts. injectRaw and the raw helpers use the real port.
 */
class Relay {
  private server?: Server;
  private readonly pairs = new Set<Socket>();

  constructor(
    readonly port: number,
    private readonly target: number,
  ) {}

  /** Binds at once: net binds an IP literal synchronously, so peers may connect right after. */
  start(): Promise<void> {
    const server = createServer((client) => this.relay(client));
    this.server = server;
    return new Promise((resolve) => {
      server.on('error', (error) => {
        console.error(`tcp harness relay :${this.port} failed: ${error.message}`);
        resolve();
      });
      server.listen({ host: HOST, port: this.port }, () => resolve());
    });
  }

  async restart(downMs: number): Promise<void> {
    await this.stop();
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.start();
  }

  stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.pairs) socket.destroy();
    this.pairs.clear();
    return new Promise((resolve) =>
      server?.listening ? server.close(() => resolve()) : resolve(),
    );
  }

  private relay(client: Socket): void {
    const upstream = connect({ host: HOST, port: this.target });
    for (const [socket, other] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.pairs.add(socket);
      socket.setNoDelay(true);
      socket.on('error', () => other.destroy());
      socket.on('close', () => {
        this.pairs.delete(socket);
        other.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}

interface ServiceEntry {
  peer: TcpPeer;
  /** Where the service itself listens (peers reach it through `peer.port`, its relay). */
  port: number;
  relay: Relay;
  deadLetterFile: string;
  maxFrameBytes: number;
}

/**
 * TCP has no broker: every service needs the others' addresses. The harness keeps a "network"
 * per test: a fresh peer array at each test start (a beforeEach registered when this module is
 * loaded), to which options() adds each new service. Every options object of that test holds the
 * same array, so services created later are seen by those created earlier (the transport reads
 * the array on each publish). Separate arrays keep a test's publishes from waiting on services
 * that earlier tests closed. Services made outside a test (beforeAll) join a file-level network
 * that every later test's network starts from.
 */
class TcpHarness implements TransportHarness {
  readonly name = 'tcp' as const;
  readonly features = { competingConsumers: false, holdsMessagesWhileSubscriberDown: false };
  /** Dead-letter files of this run; made on first use, removed by dispose(). */
  private rootDir?: string;
  /** Two ports per service (relay, real), counted up from a random base below the ephemeral range. */
  private nextPort = 20_000 + 2 * Math.floor(Math.random() * 5_000);
  private readonly fileNetwork: TcpPeer[] = [];
  private network = this.fileNetwork;
  private readonly services = new Map<string, ServiceEntry>();

  /** Before each test: a fresh network, holding the services made outside any test. */
  enterTest(): void {
    this.network = [...this.fileNetwork];
  }

  /** After each test: back to the file-level network. */
  leaveTest(): void {
    this.network = this.fileNetwork;
  }

  options(service: string, overrides: Partial<BusOptions> = {}): MessagingOptionsFor<'tcp'> {
    const entry = this.register(service);
    if (!this.network.includes(entry.peer)) this.network.push(entry.peer);
    if (overrides.maxMessageBytes) entry.maxFrameBytes = maxFrameBytes(overrides.maxMessageBytes);
    const base = this.baseOptions(service);
    const tcp: TcpOptions & Partial<TcpTuning> = {
      ...base.tcp,
      port: entry.port,
      bindHost: HOST,
      peers: this.network,
      deadLetterFile: entry.deadLetterFile,
      frameStallMs: TEST_FRAME_STALL_MS,
    };
    return { ...base, ...overrides, tcp };
  }

  /** A client-only process whose one peer, "nobody", refuses connections. Not in the network. */
  unreachableOptions(service: string): MessagingOptionsFor<'tcp'> {
    const tcp: TcpOptions = {
      ...this.baseOptions(service).tcp,
      port: undefined,
      bindHost: HOST,
      peers: [{ name: 'nobody', host: HOST, port: 1 }],
      deadLetterFile: this.deadLetterFile(service),
    };
    return { ...this.baseOptions(service), publishTimeoutMs: 2_000, tcp };
  }

  async readDeadLetters(service: string, types?: string[]): Promise<StoredDeadLetter[]> {
    const letters = await readDeadLetterFile(this.deadLetterFile(service));
    return letters
      .filter((letter) => !types || types.includes(letter.headers[HEADER.type]))
      .map(({ headers, body }) => ({ headers, body }));
  }

  /** Writes one event frame to the service's own port and resolves once it acked it. */
  async injectRaw(
    service: string,
    _type: string,
    body: Buffer,
    headers: Record<string, string>,
  ): Promise<void> {
    const entry = this.entry(service);
    const frame = encodeFrame(FrameKind.Event, 1, headers, body, entry.maxFrameBytes);
    const reply = await exchange(entry.port, frame, entry.maxFrameBytes);
    if (reply.kind !== FrameKind.Ack) {
      throw new Error(`${service} refused the injected event: ${reply.headers[TCP_HEADER.reason]}`);
    }
  }

  /** Cuts every relayed connection and refuses new ones for a moment, then relays again. */
  async restartBroker(): Promise<void> {
    const relays = [...this.services.values()].map((entry) => entry.relay);
    await Promise.all(relays.map((relay) => relay.restart(RELAY_DOWN_MS)));
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.services.values()].map((entry) => entry.relay.stop()));
    this.services.clear();
    this.fileNetwork.length = 0;
    this.network = this.fileNetwork;
    if (this.rootDir) rmSync(this.rootDir, { recursive: true, force: true });
    this.rootDir = undefined;
  }

  /** The real port of a registered service (what injectRaw and the raw helpers connect to). */
  entry(service: string): ServiceEntry {
    const entry = this.services.get(service);
    if (!entry) throw new Error(`tcp harness: no options() were made for "${service}"`);
    return entry;
  }

  private register(service: string): ServiceEntry {
    const known = this.services.get(service);
    if (known) return known;
    const [relayPort, port] = [this.nextPort, this.nextPort + 1];
    this.nextPort += 2;
    const relay = new Relay(relayPort, port);
    void relay.start();
    const entry: ServiceEntry = {
      peer: { name: service, host: HOST, port: relayPort },
      port,
      relay,
      deadLetterFile: this.deadLetterFile(service),
      maxFrameBytes: maxFrameBytes(this.baseOptions(service).maxMessageBytes),
    };
    this.services.set(service, entry);
    return entry;
  }

  private deadLetterFile(service: string): string {
    this.rootDir ??= mkdtempSync(join(tmpdir(), 'railyard-tcp-'));
    return join(this.rootDir, service, 'dead-letters.jsonl');
  }

  private baseOptions(service: string): MessagingOptionsFor<'tcp'> {
    return messagingOptionsFromEnv(service, {
      TRANSPORT: 'tcp',
      MESSAGING_RETRY_ATTEMPTS: '3',
      MESSAGING_RETRY_BASE_MS: '20',
      MESSAGING_RETRY_MAX_MS: '200',
      MESSAGING_REQUEST_TIMEOUT_MS: '5000',
      MESSAGING_PUBLISH_TIMEOUT_MS: '5000',
      MESSAGING_SHUTDOWN_TIMEOUT_MS: '5000',
    });
  }
}

export const tcpHarness = new TcpHarness();

// One network per test (see TcpHarness). Registered at load, so in the importing spec file.
if (typeof beforeEach === 'function' && typeof afterEach === 'function') {
  beforeEach(() => tcpHarness.enterTest());
  afterEach(() => tcpHarness.leaveTest());
}

/**
 * Simulates a peer restart the harness cannot do by itself (it does not own transports): closes
 * `transport`, waits `downMs`, then starts a new one with the same options (same port) and
 * routes. Returns the new transport; the caller closes it.
 */
export async function restartPeer(
  transport: Transport,
  options: MessagingOptions,
  routes: Routes,
  downMs = 0,
): Promise<Transport> {
  await transport.close();
  await new Promise((resolve) => setTimeout(resolve, downMs));
  const restarted = createTransport(options);
  await restarted.connect();
  await restarted.listen(routes);
  return restarted;
}

export interface RawOutcome {
  /** The service closed the connection (what it must do with a broken stream). */
  closed: boolean;
  /** Milliseconds from the last write until the close. */
  closedAfterMs: number;
}

/**
 * Raw abuse of a service's port, for the framing limits (advisory GHSA-hpwf-8g29-85qm). Each
 * resolves once the service closed the connection, or with `closed: false` after `waitMs`.
 */
export const tcpRaw = {
  /**
   * A length prefix over the frame limit, and nothing else. By default one byte over the limit
   * for the maxMessageBytes the harness knows (its default or an options() override).
   */
  oversizedPrefix(
    service: string,
    announcedBytes?: number,
    waitMs = RAW_TIMEOUT_MS,
  ): Promise<RawOutcome> {
    const entry = tcpHarness.entry(service);
    const prefix = Buffer.alloc(LENGTH_PREFIX_BYTES);
    prefix.writeUInt32BE(announcedBytes ?? entry.maxFrameBytes + 1);
    return writeAndWatch(entry.port, prefix, waitMs);
  },
  /** A prefix announcing 100 bytes followed by 10 of them; the rest never comes. */
  stalledFrame(service: string, waitMs = RAW_TIMEOUT_MS): Promise<RawOutcome> {
    const bytes = Buffer.alloc(LENGTH_PREFIX_BYTES + 10);
    bytes.writeUInt32BE(100);
    return writeAndWatch(tcpHarness.entry(service).port, bytes, waitMs);
  },
  /** Any bytes at all. */
  garbage(service: string, bytes: Buffer, waitMs = RAW_TIMEOUT_MS): Promise<RawOutcome> {
    return writeAndWatch(tcpHarness.entry(service).port, bytes, waitMs);
  },
};

function writeAndWatch(port: number, bytes: Buffer, waitMs: number): Promise<RawOutcome> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: HOST, port });
    let wroteAt = Date.now();
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ closed: false, closedAfterMs: Date.now() - wroteAt });
    }, waitMs);
    socket.on('error', (error) => {
      if (!socket.writable) return; // a reset after the service closed: still a close
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ closed: true, closedAfterMs: Date.now() - wroteAt });
    });
    socket.on('data', () => undefined);
    socket.once('connect', () => socket.write(bytes, () => (wroteAt = Date.now())));
  });
}

/** Sends one frame on a fresh connection and resolves with the first frame answered. */
function exchange(port: number, frame: Buffer, maxBytes: number) {
  return new Promise<ReturnType<FrameDecoder['push']>[number]>((resolve, reject) => {
    const socket = connect({ host: HOST, port });
    const decoder = new FrameDecoder(maxBytes);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer from port ${port} within ${RAW_TIMEOUT_MS} ms`));
    }, RAW_TIMEOUT_MS);
    const finish = (error?: Error, reply?: ReturnType<FrameDecoder['push']>[number]) => {
      clearTimeout(timer);
      socket.destroy();
      if (reply) resolve(reply);
      else reject(error ?? new Error(`port ${port} closed without answering`));
    };
    socket.on('error', (error) => finish(error));
    socket.on('close', () => finish());
    socket.on('data', (chunk: Buffer) => {
      try {
        const [reply] = decoder.push(chunk);
        if (reply) finish(undefined, reply);
      } catch (error) {
        finish(error as Error);
      }
    });
    socket.once('connect', () => socket.write(frame));
  });
}
