import { ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/app-process';
import { freePort } from '../support/free-port';
import { createEnvelope, envelopeToHeaders } from '@railyard/messaging';
import { encodeFrame, FrameKind } from '@railyard/messaging/testing';

jest.setTimeout(240_000);

const MIB = 1024 * 1024;
/**
 * The bound: 1 GiB of valid frames from one peer may raise the service's RSS this much.
 * Measured +66 to +89 MiB here (four runs): the in-flight budget plus garbage awaiting collection.
 */
const RSS_RISE_BOUND = 128 * MIB;
const EVENTS = 1_024;
const WARM_UP_EVENTS = 32;

interface Report {
  ready?: boolean;
  handled: number;
  rss: number;
  peakRss: number;
}

/**
 * One peer writes 1 GiB of valid 1 MiB events, as fast as the service lets it, to a service in
 * its own process (test/security/support/slow-tcp-service.ts) whose handler takes a millisecond:
 * the byte budgets (16 MiB a connection, 64 MiB a process) must keep its resident memory within
 * 128 MiB of where it was after a warm-up, and every event must be handled (issue 15).
 */
describe('a TCP service flooded with 1 GiB of valid events by one peer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'railyard-tcp-flood-'));
  let service: ChildProcess;
  let peer: Socket;
  let port: number;
  const replies: Array<(report: Report) => void> = [];

  const ask = (message: string) =>
    new Promise<Report>((resolve) => {
      replies.push(resolve);
      service.send(message);
    });

  beforeAll(async () => {
    port = await freePort();
    service = fork(join(__dirname, 'support', 'slow-tcp-service.ts'), [], {
      cwd: repoRoot,
      execArgv: ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'],
      env: {
        ...process.env,
        TS_NODE_PROJECT: join(repoRoot, 'tsconfig.json'),
        TRANSPORT: 'tcp',
        DATA_DIR: dir,
        PAYMENT_TCP_PORT: String(port),
        MESSAGING_MAX_MESSAGE_BYTES: String(2 * MIB),
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      service.once('exit', (code) => reject(new Error(`the service exited with ${code}`)));
      service.on('message', (report: Report) => {
        if (report.ready) return resolve();
        replies.shift()?.(report);
      });
    });
    peer = connect(port, '127.0.0.1');
    await new Promise((resolve) => peer.once('connect', resolve));
    peer.on('data', () => undefined); // acks
  });
  afterAll(() => {
    peer?.destroy();
    service?.disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Writes `count` events, waiting for 'drain' whenever the socket's buffer is full. */
  async function flood(count: number, firstId: number): Promise<void> {
    const body = Buffer.from(JSON.stringify({ pad: 'x'.repeat(MIB - 32) }));
    for (let i = 0; i < count; i++) {
      const envelope = createEnvelope({ type: 'bulk.loaded', payload: {}, aggregateId: `a-${i}` });
      const frame = encodeFrame(
        FrameKind.Event,
        firstId + i,
        envelopeToHeaders(envelope),
        body,
        4 * MIB,
      );
      if (!peer.write(frame)) await new Promise((resolve) => peer.once('drain', resolve));
    }
  }

  async function handledReaches(count: number): Promise<Report> {
    for (;;) {
      const report = await ask('report');
      if (report.handled >= count) return report;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('keeps its resident memory within 128 MiB of the warmed-up level, and handles every event', async () => {
    await flood(WARM_UP_EVENTS, 1);
    await handledReaches(WARM_UP_EVENTS);
    const before = await ask('reset-peak');
    await flood(EVENTS, WARM_UP_EVENTS + 1);
    const after = await handledReaches(WARM_UP_EVENTS + EVENTS);
    const rise = after.peakRss - before.rss;
    console.log(
      `[tcp flood] 1 GiB of events: RSS ${(before.rss / MIB).toFixed(1)} MiB → peak ` +
        `${(after.peakRss / MIB).toFixed(1)} MiB (+${(rise / MIB).toFixed(1)} MiB), all ${after.handled} handled`,
    );
    expect(after.handled).toBe(WARM_UP_EVENTS + EVENTS);
    expect(rise).toBeLessThan(RSS_RISE_BOUND);
  });
});
