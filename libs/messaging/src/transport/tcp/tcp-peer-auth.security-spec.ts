import { mkdtempSync, rmSync } from 'node:fs';
import { connect, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../../../../test/support/free-port';
import { MessagingOptionsFor } from '../../config/messaging-options';
import { messagingOptionsFromEnv } from '../../config/messaging-options.from-config';
import { createEnvelope } from '../../envelope/envelope';
import { envelopeToHeaders } from '../../envelope/envelope-headers';
import { TransportUnavailableError } from '../../errors/transport-unavailable.error';
import { FrameDecoder } from './frame-decoder';
import { newNonce } from './peer-handshake';
import { encodeFrame, Frame, FrameKind, TCP_HEADER } from './tcp-frame';
import { TcpTransport } from './tcp.transport';

jest.setTimeout(60_000);

const SECRET = 'the-bus-secret-every-service-shares-0123';
const GREETING_TIMEOUT_MS = 1_000;

/**
 * Peers on the TCP bus prove they know BUS_SECRET before anything they send is read (issue 15):
 * a stranger that reaches a service's port cannot make it act, and a client never talks to a
 * server that cannot prove it either. Real sockets, real transports.
 */
describe('TCP peer authentication (BUS_SECRET)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'railyard-tcp-auth-'));
  const open: TcpTransport[] = [];
  const sockets: Socket[] = [];
  let port: number;
  let server: TcpTransport;
  const handled: string[] = [];

  const options = (service: string, secret: string | undefined): MessagingOptionsFor<'tcp'> => {
    const base = messagingOptionsFromEnv(service, {
      TRANSPORT: 'tcp',
      DATA_DIR: dir,
      PAYMENT_TCP_PORT: String(port),
      ...(secret ? { BUS_SECRET: secret } : {}),
    });
    // Clients serve nothing: several of them must not compete for order-service's port.
    const port_ = service === 'payment' ? base.tcp.port : undefined;
    return {
      ...base,
      tcp: { ...base.tcp, port: port_, connectTimeoutMs: GREETING_TIMEOUT_MS } as never,
    };
  };

  async function start(service: string, secret: string | undefined): Promise<TcpTransport> {
    const transport = new TcpTransport(options(service, secret));
    open.push(transport);
    await transport.connect();
    return transport;
  }

  const ask = (client: TcpTransport) =>
    client.request('payment', createEnvelope({ type: 'payment.ping', payload: {} }), 2_000);

  beforeAll(async () => {
    port = await freePort();
    server = await start('payment', SECRET);
    await server.listen({
      events: new Map([['payment.account.set', async () => void handled.push('event')]]),
      requests: new Map([
        [
          'payment.ping',
          async () => {
            handled.push('request');
            return 'pong';
          },
        ],
      ]),
    });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await Promise.all(open.map((transport) => transport.close()));
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => (handled.length = 0));

  it('serves a client that knows the secret', async () => {
    const client = await start('order', SECRET);
    expect(await ask(client)).toBe('pong');
    expect(handled).toEqual(['request']);
    expect(server.status().details).toMatchObject({ authenticatesPeers: true });
  });

  it.each([
    ['another secret', `${SECRET}-but-not-quite`],
    ['no secret', undefined],
  ])('refuses a client with %s, which then acts on nothing', async (_, secret) => {
    const client = await start('order', secret);
    await expect(ask(client)).rejects.toBeInstanceOf(TransportUnavailableError);
    expect(handled).toEqual([]);
  });

  it('makes a client refuse a server that cannot prove the secret (an impostor on the port)', async () => {
    const impostorPort = await freePort();
    const impostor = new TcpTransport({
      ...options('payment', undefined),
      tcp: { ...options('payment', undefined).tcp, port: impostorPort },
    });
    open.push(impostor);
    await impostor.connect();
    let impostorHandled = 0;
    await impostor.listen({
      events: new Map(),
      requests: new Map([['payment.ping', async () => void impostorHandled++]]),
    });
    const client = new TcpTransport({
      ...options('order', SECRET),
      tcp: {
        ...options('order', SECRET).tcp,
        peers: [{ name: 'payment', host: '127.0.0.1', port: impostorPort }],
      },
    });
    open.push(client);
    await client.connect();
    await expect(ask(client)).rejects.toBeInstanceOf(TransportUnavailableError);
    expect(impostorHandled).toBe(0);
  });

  /** A raw socket to the server; resolves the frames it got once the server closed it. */
  function rawPeer(
    write: (socket: Socket) => void,
  ): Promise<{ frames: Frame[]; closedMs: number }> {
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    const decoder = new FrameDecoder(1024 * 1024);
    const frames: Frame[] = [];
    const started = Date.now();
    socket.on('data', (chunk: Buffer) => frames.push(...decoder.push(chunk)));
    socket.on('error', () => undefined);
    socket.once('connect', () => write(socket));
    return new Promise((resolve) =>
      socket.once('close', () => resolve({ frames, closedMs: Date.now() - started })),
    );
  }

  const frame = (
    kind: FrameKind,
    id: number,
    headers: Record<string, string>,
    body = Buffer.alloc(0),
  ) => encodeFrame(kind, id, headers, body, 2 * 1024 * 1024);
  const accountSet = () =>
    frame(
      FrameKind.Event,
      2,
      envelopeToHeaders(createEnvelope({ type: 'payment.account.set', payload: {} })),
      Buffer.from(JSON.stringify({ customerId: 'mallory', balance: 1e9 })),
    );

  it('closes a raw peer that sends an event without greeting, and handles nothing', async () => {
    const { frames } = await rawPeer((socket) => socket.write(accountSet()));
    expect(frames).toMatchObject([
      { kind: FrameKind.Nack, headers: { [TCP_HEADER.retry]: 'false' } },
    ]);
    await sleep(100);
    expect(handled).toEqual([]);
  });

  it('closes a raw peer that greets, gets a challenge, and sends an event instead of a proof', async () => {
    const hello = { [TCP_HEADER.service]: 'mallory', [TCP_HEADER.nonce]: newNonce() };
    const { frames } = await rawPeer((socket) => {
      socket.write(frame(FrameKind.Hello, 1, hello));
      socket.write(accountSet());
    });
    expect(frames.map((f) => f.kind)).toEqual([FrameKind.Challenge, FrameKind.Nack]);
    expect(handled).toEqual([]);
  });

  it('closes a raw peer whose proof is wrong', async () => {
    const hello = { [TCP_HEADER.service]: 'mallory', [TCP_HEADER.nonce]: newNonce() };
    const { frames } = await rawPeer((socket) => {
      socket.write(frame(FrameKind.Hello, 1, hello));
      socket.write(frame(FrameKind.Proof, 1, { [TCP_HEADER.proof]: 'A'.repeat(43) }));
    });
    expect(frames.map((f) => f.kind)).toEqual([FrameKind.Challenge, FrameKind.Nack]);
    expect(frames[1].headers[TCP_HEADER.reason]).toContain('does not know BUS_SECRET');
  });

  it('reads no large frame from a peer before it authenticated', async () => {
    const { frames } = await rawPeer((socket) =>
      socket.write(frame(FrameKind.Hello, 1, {}, Buffer.alloc(64 * 1024))),
    );
    expect(frames).toEqual([]); // closed for an oversized frame, before any answer
  });

  it('closes a peer that says nothing within the greeting timeout', async () => {
    const { frames, closedMs } = await rawPeer(() => undefined);
    expect(frames).toMatchObject([{ kind: FrameKind.Nack }]);
    expect(closedMs).toBeGreaterThanOrEqual(GREETING_TIMEOUT_MS - 50);
    expect(closedMs).toBeLessThan(GREETING_TIMEOUT_MS + 2_000);
  });

  it('refuses to start without BUS_SECRET in production', () => {
    expect(() =>
      messagingOptionsFromEnv('payment', { TRANSPORT: 'tcp', NODE_ENV: 'production' }),
    ).toThrow(/BUS_SECRET: is required on the TCP transport when NODE_ENV=production/);
  });
});
