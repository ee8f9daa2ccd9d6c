import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AddressInfo, connect, Socket } from 'node:net';
import { join } from 'node:path';
import { createServer, Server } from 'node:tls';
import { addVhost, deleteVhost } from '../../../../../test/support/rabbitmq-vhost';
import { messagingOptionsFromEnv } from '../../config/messaging-options.from-config';
import { createEnvelope } from '../../envelope/envelope';
import { RabbitMqTransport } from './rabbitmq.transport';

jest.setTimeout(60_000);

const TLS_DIR = join(__dirname, '../../../../../brokers/tls');
const file = (name: string) => join(TLS_DIR, name);

/**
 * TLS in front of the real RabbitMQ: terminates amqps with the test CA's server certificate,
 * demands a client certificate from the same CA, and relays plain AMQP to 127.0.0.1:5672. What a
 * broker with an amqps listener does, without reconfiguring the machine's RabbitMQ.
 */
class TlsTerminator {
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  async start(): Promise<number> {
    this.server = createServer(
      {
        key: readFileSync(file('server-key.pem')),
        cert: readFileSync(file('server.pem')),
        ca: readFileSync(file('ca.pem')),
        requestCert: true,
        rejectUnauthorized: true,
      },
      (client) => {
        const upstream = connect(5672, '127.0.0.1');
        for (const socket of [client, upstream]) {
          this.sockets.add(socket);
          socket.on('error', () => undefined);
          socket.on('close', () => (client.destroy(), upstream.destroy()));
        }
        client.pipe(upstream).pipe(client);
      },
    );
    this.server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}

/** The RabbitMQ bus over amqps with the RABBITMQ_TLS_* files (issue 15), against the real broker. */
describe('RabbitMQ over amqps (TLS terminator in front of the real broker)', () => {
  const vhost = `railyard-tls-${randomUUID().slice(0, 8)}`;
  const terminator = new TlsTerminator();
  const open: RabbitMqTransport[] = [];
  let url: string;

  const options = (service: string, files: Record<string, string>) =>
    messagingOptionsFromEnv(service, {
      TRANSPORT: 'rabbitmq',
      RABBITMQ_URL: url,
      MESSAGING_SHUTDOWN_TIMEOUT_MS: '3000',
      ...files,
    });
  const allFiles = {
    RABBITMQ_TLS_CA_FILE: file('ca.pem'),
    RABBITMQ_TLS_CERT_FILE: file('client.pem'),
    RABBITMQ_TLS_KEY_FILE: file('client-key.pem'),
  };

  beforeAll(async () => {
    await addVhost(vhost);
    url = `amqps://guest:guest@localhost:${await terminator.start()}/${vhost}`;
  });
  afterAll(async () => {
    await Promise.all(open.map((transport) => transport.close()));
    await terminator.stop();
    await deleteVhost(vhost);
  });

  it('carries a request and its reply with the CA and a client certificate', async () => {
    const server = new RabbitMqTransport(options('tls-server', allFiles));
    open.push(server);
    await server.connect();
    await server.listen({
      events: new Map(),
      requests: new Map([['tls-server.ping', async () => 'pong']]),
    });
    const client = new RabbitMqTransport(options('tls-client', allFiles));
    open.push(client);
    await client.connect();
    const envelope = createEnvelope({ type: 'tls-server.ping', payload: {} });
    expect(await client.request('tls-server', envelope, 10_000)).toBe('pong');
  });

  it.each([
    [
      'without the CA (the broker certificate is then untrusted)',
      { ...allFiles, RABBITMQ_TLS_CA_FILE: '' },
    ],
    ['without a client certificate', { RABBITMQ_TLS_CA_FILE: allFiles.RABBITMQ_TLS_CA_FILE }],
  ])('fails to connect %s', async (_, files) => {
    const transport = new RabbitMqTransport(
      options(`tls-refused-${randomUUID().slice(0, 6)}`, files),
    );
    open.push(transport);
    await expect(transport.connect()).rejects.toThrow(/cannot connect to amqps:\/\/guest:\*\*\*@/);
  });
});
