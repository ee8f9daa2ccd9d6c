import { connect, createServer, type Server, type Socket } from 'node:net';

// A TCP relay on 127.0.0.1 that injects faults on command, for the chaos suite: toxiproxy is not
// packaged here and `tc netem` is not in this kernel (docs/pitfalls.md#no-network-fault-tools).

export interface FaultProxyOptions {
  /** Port to listen on, 127.0.0.1; 0 = a free one. Default 0. */
  listenPort?: number;
  /** Default 127.0.0.1. */
  targetHost?: string;
  targetPort: number;
  /** Source of randomness for jitter and drops, so a seeded run replays; default Math.random. */
  random?: () => number;
  /** Names the proxy in error messages; default `proxy→<targetPort>`. */
  name?: string;
}

export interface FaultProxyStats {
  /** Connections the listener accepted, dropped ones included. */
  accepted: number;
  /** Connections closed at once by the connect drop rate. */
  refused: number;
  /** Pairs cut by resetAll(). */
  reset: number;
  bytesToTarget: number;
  bytesToClient: number;
}

/**
 * Bytes one direction may hold while they wait out the latency. Past it the proxy stops reading, so
 * memory stays bounded and the sender feels backpressure, as on a slow link.
 */
const MAX_HELD_BYTES = 1 << 20;

/** The fault settings every link reads when it moves a chunk. */
interface Faults {
  latencyMs: number;
  jitterMs: number;
  stalled: boolean;
  random: () => number;
}

/**
 * One direction of a pair: a FIFO of chunks (null = the sender's end), each due at a time. Only the
 * head is timed, so a chunk whose jitter came out short waits for the one ahead: bytes keep order.
 */
class Link {
  private readonly queue: { chunk: Buffer | null; due: number }[] = [];
  private heldBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private waitingForDrain = false;

  constructor(
    private readonly from: Socket,
    private readonly to: Socket,
    private readonly faults: Faults,
    private readonly count: (bytes: number) => void,
  ) {
    from.on('data', (chunk: Buffer) => this.push(chunk));
    from.on('end', () => this.push(null));
    to.on('drain', () => {
      this.waitingForDrain = false;
      this.flush();
    });
    this.flush();
  }

  /** Writes what is due, unless stalled or the receiver is full; then reads only if there is room. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length > 0 && !this.faults.stalled && !this.waitingForDrain) {
      if (this.to.destroyed) return;
      const { chunk, due } = this.queue[0];
      const wait = due - performance.now();
      if (wait > 0) {
        this.timer = setTimeout(() => this.flush(), wait);
        break;
      }
      this.queue.shift();
      if (chunk === null) {
        this.to.end();
      } else {
        this.heldBytes -= chunk.length;
        this.count(chunk.length);
        this.waitingForDrain = !this.to.write(chunk);
      }
    }
    const read = !this.faults.stalled && !this.waitingForDrain && this.heldBytes < MAX_HELD_BYTES;
    if (read) this.from.resume();
    else this.from.pause();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.queue.length = 0;
  }

  private push(chunk: Buffer | null): void {
    const { latencyMs, jitterMs, random } = this.faults;
    const delay = latencyMs + (jitterMs > 0 ? random() * jitterMs : 0);
    // A monotonic clock, so a wall-clock step cannot hold a chunk for hours.
    this.queue.push({ chunk, due: performance.now() + delay });
    this.heldBytes += chunk?.length ?? 0;
    this.flush();
  }
}

/** A client connection and its connection to the target, relayed both ways. */
class Pair {
  readonly links: Link[];
  private done = false;

  constructor(
    private readonly client: Socket,
    private readonly target: Socket,
    faults: Faults,
    stats: FaultProxyStats,
    private readonly onGone: (pair: Pair) => void,
  ) {
    for (const socket of [client, target]) {
      socket.setNoDelay(true); // Nagle here would add its own ~40 ms stalls on top of the faults
      // A failure on either side (the target refusing included) cuts both, as a real peer would.
      socket.on('error', () => this.cut(true));
      socket.on('close', () => {
        if (client.destroyed && target.destroyed) this.cut(false);
      });
    }
    this.links = [
      new Link(client, target, faults, (n) => (stats.bytesToTarget += n)),
      new Link(target, client, faults, (n) => (stats.bytesToClient += n)),
    ];
  }

  /** Destroys both sockets; with `reset`, with a TCP RST so the peers see ECONNRESET. */
  cut(reset: boolean): void {
    if (this.done) return;
    this.done = true;
    for (const link of this.links) link.stop();
    for (const socket of [this.client, this.target]) {
      // resetAndDestroy() on a socket still connecting would wait for the connect; skip that.
      if (reset && !socket.destroyed && !socket.connecting) socket.resetAndDestroy();
      else socket.destroy();
    }
    this.onGone(this);
  }
}

export class FaultProxy {
  private readonly faults: Faults;
  private readonly pairs = new Set<Pair>();
  private readonly counts: FaultProxyStats = {
    accepted: 0,
    refused: 0,
    reset: 0,
    bytesToTarget: 0,
    bytesToClient: 0,
  };
  private server: Server | undefined;
  private dropRate = 0;
  private closing: Promise<void> | undefined;
  private listenPort: number;

  private constructor(private readonly options: FaultProxyOptions) {
    this.listenPort = options.listenPort ?? 0;
    this.faults = {
      latencyMs: 0,
      jitterMs: 0,
      stalled: false,
      random: options.random ?? Math.random,
    };
  }

  /** The port clients connect to; it stays the same across setDown(). */
  get port(): number {
    return this.listenPort;
  }

  /** Resolves once the proxy listens. */
  static async start(options: FaultProxyOptions): Promise<FaultProxy> {
    const proxy = new FaultProxy(options);
    await proxy.listen();
    return proxy;
  }

  setLatency(latencyMs: number, jitterMs = 0): void {
    if (!(latencyMs >= 0 && jitterMs >= 0))
      throw this.error(`bad latency ${latencyMs}+${jitterMs}`);
    Object.assign(this.faults, { latencyMs, jitterMs });
  }

  setConnectDropRate(p: number): void {
    if (!(p >= 0 && p <= 1)) throw this.error(`drop rate ${p} is not in [0, 1]`);
    this.dropRate = p;
  }

  resetAll(): number {
    const cut = this.pairs.size;
    for (const pair of [...this.pairs]) pair.cut(true);
    this.counts.reset += cut;
    return cut;
  }

  /** Open pairs are left alone: call resetAll() as well to model a crash rather than a partition. */
  async setDown(down: boolean): Promise<void> {
    if (down && this.server) {
      // close() shuts the listening socket at once; its callback would wait for every open pair.
      this.server.close();
      this.server = undefined;
    } else if (!down && !this.server && !this.closing) {
      await this.listen();
    }
  }

  setStalled(stalled: boolean): void {
    this.faults.stalled = stalled;
    for (const pair of this.pairs) for (const link of pair.links) link.flush();
  }

  async heal(): Promise<void> {
    this.setLatency(0);
    this.setConnectDropRate(0);
    this.setStalled(false);
    await this.setDown(false);
  }

  stats(): FaultProxyStats {
    return { ...this.counts };
  }

  close(): Promise<void> {
    this.closing ??= new Promise((resolve) => {
      for (const pair of [...this.pairs]) pair.cut(false);
      const server = this.server;
      this.server = undefined;
      if (server) server.close(() => resolve());
      else resolve();
    });
    return this.closing;
  }

  private listen(): Promise<void> {
    const server = createServer({ allowHalfOpen: true }, (client) => this.accept(client));
    return new Promise((resolve, reject) => {
      // Rejects start() or setDown(false) if the port is taken; once listening this is a no-op.
      server.on('error', (err) =>
        reject(this.error(`cannot listen on ${this.port}: ${err.message}`)),
      );
      server.listen(this.listenPort, '127.0.0.1', () => {
        this.listenPort = (server.address() as { port: number }).port;
        if (this.closing)
          server.close(); // close() ran while this listen was under way
        else this.server = server;
        resolve();
      });
    });
  }

  private accept(client: Socket): void {
    this.counts.accepted++;
    if (this.dropRate > 0 && this.faults.random() < this.dropRate) {
      this.counts.refused++;
      client.on('error', () => undefined);
      client.destroy();
      return;
    }
    const target = connect({
      host: this.options.targetHost ?? '127.0.0.1',
      port: this.options.targetPort,
      allowHalfOpen: true,
    });
    this.pairs.add(new Pair(client, target, this.faults, this.counts, (p) => this.pairs.delete(p)));
  }

  private error(message: string): Error {
    return new Error(`${this.options.name ?? `proxy→${this.options.targetPort}`}: ${message}`);
  }
}
