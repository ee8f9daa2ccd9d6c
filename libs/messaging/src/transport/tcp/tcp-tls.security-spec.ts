import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../../../test/support/free-port';
import { MessagingOptionsFor } from '../../config/messaging-options';
import { messagingOptionsFromEnv } from '../../config/messaging-options.from-config';
import { createEnvelope } from '../../envelope/envelope';
import { TransportUnavailableError } from '../../errors/transport-unavailable.error';
import { TcpOptions } from './tcp.options';
import { TcpTransport } from './tcp.transport';

jest.setTimeout(60_000);

const TLS_DIR = join(__dirname, '../../../../../brokers/tls');
const file = (name: string) => join(TLS_DIR, name);
const SECRET = 'the-bus-secret-every-service-shares-0123';

/**
 * Mutual TLS between TCP peers (TCP_TLS_*_FILE, issue 15), with the test-only certificates of
 * brokers/tls: only a peer whose certificate chains to the CA gets through the handshake, and a
 * client checks the server's the same way. Real sockets, real transports.
 */
describe('TCP peers over mutual TLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'railyard-tcp-tls-'));
  const open: TcpTransport[] = [];
  let port: number;
  const handled: string[] = [];

  const options = (service: string, env: Record<string, string>): MessagingOptionsFor<'tcp'> => {
    const base = messagingOptionsFromEnv(service, {
      DATA_DIR: dir,
      PAYMENT_TCP_PORT: String(port),
      BUS_SECRET: SECRET,
      ...env,
      TRANSPORT: 'tcp',
    });
    // Clients serve nothing: several of them must not compete for order-service's port.
    return { ...base, tcp: { ...base.tcp, port: service === 'payment' ? port : undefined } };
  };
  const clientFiles = {
    TCP_TLS_CA_FILE: file('ca.pem'),
    TCP_TLS_CERT_FILE: file('client.pem'),
    TCP_TLS_KEY_FILE: file('client-key.pem'),
  };

  async function client(tls: TcpOptions['tls']): Promise<TcpTransport> {
    const base = options('order', {});
    const transport = new TcpTransport({ ...base, tcp: { ...base.tcp, tls } });
    open.push(transport);
    await transport.connect();
    return transport;
  }
  const ask = (transport: TcpTransport) =>
    transport.request('payment', createEnvelope({ type: 'payment.ping', payload: {} }), 2_000);

  beforeAll(async () => {
    port = await freePort();
    const server = new TcpTransport(
      options('payment', {
        TCP_TLS_CA_FILE: file('ca.pem'),
        TCP_TLS_CERT_FILE: file('server.pem'),
        TCP_TLS_KEY_FILE: file('server-key.pem'),
      }),
    );
    open.push(server);
    await server.connect();
    await server.listen({
      events: new Map(),
      requests: new Map([
        [
          'payment.ping',
          async () => {
            handled.push('ping');
            return 'pong';
          },
        ],
      ]),
    });
  });
  afterAll(async () => {
    await Promise.all(open.map((transport) => transport.close()));
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => (handled.length = 0));

  it('serves a peer with a certificate from the CA (and the bus secret)', async () => {
    const transport = await client(options('order', clientFiles).tcp.tls);
    await ask(transport);
    expect(handled).toEqual(['ping']);
    expect(transport.status().details).toMatchObject({ tls: true });
  });

  it('refuses a plain TCP peer', async () => {
    await expect(ask(await client(undefined))).rejects.toBeInstanceOf(TransportUnavailableError);
    expect(handled).toEqual([]);
  });

  it('refuses a TLS peer without a client certificate', async () => {
    const { ca } = options('order', clientFiles).tcp.tls!;
    await expect(ask(await client({ ca }))).rejects.toBeInstanceOf(TransportUnavailableError);
    expect(handled).toEqual([]);
  });

  it('makes a client refuse a server whose certificate does not chain to its CA', async () => {
    const { cert, key } = options('order', clientFiles).tcp.tls!;
    // No CA given: the system's CAs, which never signed the test server certificate.
    await expect(ask(await client({ cert, key }))).rejects.toBeInstanceOf(
      TransportUnavailableError,
    );
    expect(handled).toEqual([]);
  });

  it('refuses a TLS configuration without a certificate, naming the variables', () => {
    expect(() =>
      messagingOptionsFromEnv('order', { TRANSPORT: 'tcp', TCP_TLS_CA_FILE: file('ca.pem') }),
    ).toThrow('TCP_TLS_CERT_FILE and TCP_TLS_KEY_FILE');
  });
});
