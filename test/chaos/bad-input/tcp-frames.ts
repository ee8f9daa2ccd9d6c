import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import {
  encodeFrame,
  FrameDecoder,
  FrameKind,
  LENGTH_PREFIX_BYTES,
  TCP_HEADER,
} from '@railyard/messaging/testing';

const HOST = '127.0.0.1';
export const MIB = 1024 * 1024;

/** How one abusive connection ended, as seen from the client. */
export interface FrameOutcome {
  name: string;
  /** The server closed (or reset) the connection. */
  closed: boolean;
  /** Milliseconds from the first write until the close (or until we gave up). */
  closedAfterMs: number;
  /** Bytes the client managed to hand to the socket before the close. */
  bytesWritten: number;
}

/** Resident memory of a process, from /proc (Linux): now (VmRSS) or its peak so far (VmHWM). */
export function rssBytes(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = new RegExp(`${field}:\\s+(\\d+)\\s+kB`).exec(status)?.[1];
  if (!kb) throw new Error(`no ${field} for pid ${pid}`);
  return Number(kb) * 1024;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Connects, writes `head`, then keeps writing `streamBytes` more (in 64 KiB chunks, honouring
 * backpressure) until done or closed, and waits up to `waitMs` for the server to close.
 */
export function abuse(
  port: number,
  name: string,
  head: Buffer,
  { streamBytes = 0, waitMs = 5_000 }: { streamBytes?: number; waitMs?: number } = {},
): Promise<FrameOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port });
    const started = Date.now();
    let written = 0;
    let closed = false;
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    const timer = setTimeout(() => finish(false), waitMs);
    function finish(byServer: boolean) {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({
        name,
        closed: byServer,
        closedAfterMs: Date.now() - started,
        bytesWritten: written,
      });
    }
    socket.on('error', () => finish(true)); // EPIPE / ECONNRESET: the server dropped us
    socket.on('close', () => finish(true));
    socket.on('data', () => undefined);
    const pump = () => {
      while (!closed && written < head.length + streamBytes) {
        const ok = socket.write(chunk, () => undefined);
        written += chunk.length;
        if (!ok) return socket.once('drain', pump);
      }
    };
    socket.once('connect', () => {
      socket.write(head);
      written = head.length;
      pump();
    });
  });
}

export const prefix = (announced: number) => {
  const bytes = Buffer.alloc(LENGTH_PREFIX_BYTES);
  bytes.writeUInt32BE(announced);
  return bytes;
};

/** A frame of exactly `length` bytes after its prefix, with a byte layout chosen by the caller. */
function rawFrame(length: number, kind: number, headerJson: string): Buffer {
  const header = Buffer.from(headerJson, 'utf8');
  const out = Buffer.alloc(LENGTH_PREFIX_BYTES + length, 0x20);
  out.writeUInt32BE(length, 0);
  out.writeUInt8(kind, 4);
  out.writeUInt32BE(1, 5);
  out.writeUInt32BE(header.length, 9);
  header.copy(out, 13);
  return out;
}

/** Deterministic pseudo-random bytes (xorshift32), so a garbage case replays from its seed. */
export function garbageBytes(seed: number, length: number): Buffer {
  let x = seed >>> 0 || 1;
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Malformed but complete frames: each must close the connection at once (no stall wait). */
export function malformedFrames(maxFrame: number): Array<[string, Buffer]> {
  return [
    ['an HTTP request', Buffer.from('GET /health HTTP/1.1\r\nHost: x\r\n\r\n')],
    ['a zero length prefix', prefix(0)],
    ['a frame shorter than its fixed part', Buffer.concat([prefix(3), Buffer.from('abc')])],
    ['an unknown frame kind', rawFrame(64, 0xee, '{}')],
    ['headers that are not JSON', rawFrame(64, FrameKind.Event, '{nope')],
    ['headers that are a JSON array', rawFrame(64, FrameKind.Event, '["a"]')],
    ['a __proto__ header', rawFrame(96, FrameKind.Event, '{"__proto__":"x"}')],
    ['a non-string header', rawFrame(64, FrameKind.Event, '{"a":1}')],
    [
      'a header length overrunning the frame',
      (() => {
        const frame = rawFrame(64, FrameKind.Event, '{}');
        frame.writeUInt32BE(10_000, 9);
        return frame;
      })(),
    ],
    ['a max-size frame of an unknown kind', rawFrame(maxFrame, 0x00, '{}')],
  ];
}

/**
 * `count` tiny frames the server handles and ignores (RoutesAck for no pending announcement) in
 * one write, then a Hello: answered only if the server got through them all without breaking
 * (a recursive decoder would overflow its stack here, GHSA-hpwf-8g29-85qm).
 */
export function tinyFramesThenHello(
  port: number,
  count: number,
  maxFrame: number,
  waitMs = 15_000,
): Promise<{ answered: boolean; ms: number; bytes: number }> {
  const one = encodeFrame(FrameKind.RoutesAck, 7, {}, undefined, maxFrame);
  const hello = encodeFrame(
    FrameKind.Hello,
    8,
    { [TCP_HEADER.service]: 'chaos-probe', [TCP_HEADER.instance]: `chaos-probe-${process.pid}` },
    undefined,
    maxFrame,
  );
  const bytes = Buffer.concat([Buffer.alloc(one.length * count), hello]);
  for (let i = 0; i < count; i++) one.copy(bytes, i * one.length);
  hello.copy(bytes, one.length * count);
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port });
    const decoder = new FrameDecoder(maxFrame);
    const started = Date.now();
    const finish = (answered: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ answered, ms: Date.now() - started, bytes: bytes.length });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
    socket.on('data', (chunk: Buffer) => {
      if (decoder.push(chunk).some((frame) => frame.kind === FrameKind.HelloReply)) finish(true);
    });
    socket.once('connect', () => socket.write(bytes));
  });
}

/** Runs `tasks` with at most `limit` at a time, keeping their order in the result. */
export async function inBatches<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < tasks.length; i += limit) {
    results.push(...(await Promise.all(tasks.slice(i, i + limit).map((task) => task()))));
  }
  return results;
}

/** The server's default stall bound (tcp-tuning.ts); no variable shortens it for a spawned app. */
export const DEFAULT_FRAME_STALL_MS = 10_000;

export interface FrameAbuseReport {
  outcomes: FrameOutcome[];
  /** The stalled partial frame, apart: it closes on the stall timer, not at once. */
  stalled: FrameOutcome;
  tiny: { answered: boolean; ms: number; bytes: number; frames: number };
  /** Bytes the client wrote in oversized frames before the server cut them off. */
  oversizedBytesSent: number;
  /** Bytes of max-size frames the server had to read in full before refusing them. */
  maxSizeBytesSent: number;
  rssBefore: number;
  rssAfter: number;
  peakBefore: number;
  peakAfter: number;
  injected: number;
}

/**
 * Every kind of frame abuse against one service's TCP port, concurrently where it saves time:
 * a stalled partial frame (closed by the stall timer), seeded garbage, malformed frames,
 * `oversized` frames announcing more than the limit and streaming 2 MiB each, `maxSize` max-size frames
 * of an unknown kind (read in full, then refused), and many tiny valid frames.
 */
export async function runFrameAbuse(
  port: number,
  pid: number,
  maxFrame: number,
  seed: number,
  { oversized = 50, maxSize = 800, tinyFrames = 200_000 } = {},
): Promise<FrameAbuseReport> {
  const rssBefore = rssBytes(pid);
  const peakBefore = rssBytes(pid, 'VmHWM');
  const stallWait = DEFAULT_FRAME_STALL_MS + 5_000;
  const stalling = abuse(
    port,
    'a stalled partial frame',
    Buffer.concat([prefix(100), garbageBytes(seed, 10)]),
    {
      waitMs: stallWait,
    },
  );
  // Seeded garbage: almost surely an oversized or malformed prefix, else a stall; bounded either way.
  const garbage = Promise.all(
    [1, 2, 3, 4].map((n) =>
      abuse(port, `256 KiB of garbage (seed ${seed + n})`, garbageBytes(seed + n, 256 * 1024), {
        waitMs: stallWait,
      }),
    ),
  );
  const malformed = await Promise.all(
    malformedFrames(maxFrame).map(([name, bytes]) => abuse(port, name, bytes, { waitMs: 3_000 })),
  );
  const streamBytes = 2 * MIB;
  const oversizedOutcomes = await inBatches(
    Array.from({ length: oversized }, (_, i) => () => {
      const announced = i % 2 === 0 ? maxFrame + 1 : 0xffff_ffff - i;
      return abuse(port, `oversized frame announcing ${announced} bytes`, prefix(announced), {
        streamBytes,
        waitMs: 5_000,
      });
    }),
    5,
  );
  const maxSizeFrame = malformedFrames(maxFrame).at(-1)![1];
  const maxSizeOutcomes = await inBatches(
    Array.from(
      { length: maxSize },
      () => () =>
        abuse(port, 'a max-size frame of an unknown kind', maxSizeFrame, { waitMs: 5_000 }),
    ),
    20,
  );
  const tiny = await tinyFramesThenHello(port, tinyFrames, maxFrame);
  const [stalled, garbageOutcomes] = await Promise.all([stalling, garbage]);
  return {
    outcomes: [...malformed, ...garbageOutcomes, ...oversizedOutcomes, ...maxSizeOutcomes],
    stalled,
    tiny: { ...tiny, frames: tinyFrames },
    oversizedBytesSent: oversizedOutcomes.reduce((n, o) => n + o.bytesWritten, 0),
    maxSizeBytesSent: maxSize * maxSizeFrame.length,
    rssBefore,
    rssAfter: rssBytes(pid),
    peakBefore,
    peakAfter: rssBytes(pid, 'VmHWM'),
    injected: malformed.length + garbageOutcomes.length + oversized + maxSize + 1 + 1,
  };
}
