import { mkdtempSync, rmSync } from 'node:fs';
import { connect, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../../../../test/support/free-port';
import { messagingOptionsFromEnv } from '../../config/messaging-options.from-config';
import { createEnvelope } from '../../envelope/envelope';
import { envelopeToHeaders } from '../../envelope/envelope-headers';
import { encodeFrame, FrameKind, maxFrameBytes } from './tcp-frame';
import { TcpTransport } from './tcp.transport';

jest.setTimeout(60_000);

const MIB = 1024 * 1024;
/** 48 MiB of valid events: three times the connection's budget. */
const EVENTS = 48;

/**
 * One hostile (or just fast) peer writing 48 valid 1 MiB events to a service whose handler is
 * slow: the service must stop reading at its byte budget (16 MiB a connection), not at its frame
 * count (1,024), and still handle every event once the handler catches up (issue 15, point 3).
 */
describe('TCP server byte budget (real sockets)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'railyard-tcp-budget-'));
  let server: TcpTransport;
  let client: Socket;
  let entered = 0;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));

  afterAll(async () => {
    client?.destroy();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds at most its byte budget of events in handling, and loses none', async () => {
    const port = await freePort();
    const options = messagingOptionsFromEnv('inventory', {
      TRANSPORT: 'tcp',
      DATA_DIR: dir,
      INVENTORY_TCP_PORT: String(port),
      MESSAGING_MAX_MESSAGE_BYTES: String(2 * MIB),
    });
    server = new TcpTransport(options);
    await server.connect();
    await server.listen({
      events: new Map([
        [
          'bulk.loaded',
          async () => {
            entered++;
            await released;
          },
        ],
      ]),
      requests: new Map(),
    });

    const payload = Buffer.from(JSON.stringify({ pad: 'x'.repeat(MIB) }));
    const frameLimit = maxFrameBytes(options.maxMessageBytes);
    client = connect(port, '127.0.0.1');
    await new Promise((resolve) => client.once('connect', resolve));
    let acks = 0;
    client.on('data', (chunk: Buffer) => (acks += chunk.length > 0 ? 1 : 0));
    for (let i = 0; i < EVENTS; i++) {
      // Distinct aggregates: nothing serialises them, only the budget holds them back. Written
      // without waiting for 'drain': the client buffers what the paused server does not read.
      const envelope = createEnvelope({ type: 'bulk.loaded', payload: {}, aggregateId: `a-${i}` });
      client.write(
        encodeFrame(FrameKind.Event, i + 1, envelopeToHeaders(envelope), payload, frameLimit),
      );
    }
    await sleep(1_500);
    // 16 MiB a connection, each event ~1 MiB: the 16th reaches the bound and stops the reading.
    expect(entered).toBeGreaterThanOrEqual(8);
    expect(entered).toBeLessThanOrEqual(17);

    release();
    await sleep(1_500);
    expect(entered).toBe(EVENTS);
    expect(acks).toBeGreaterThan(0);
  });
});
