import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { KAFKA_SASL_MECHANISMS } from './kafka.options';
import { messagingOptionsFromEnv } from '../../config/messaging-options.from-config';
import { createEnvelope } from '../../envelope/envelope';
import { KafkaTransport } from './kafka.transport';

jest.setTimeout(90_000);

/**
 * The SASL_PLAINTEXT listener and local user, and the SSL listener with its test-only certificates,
 * that scripts/brokers-up.sh gives the test Kafka (defaults).
 */
const SASL_BROKER = '127.0.0.1:9095';
const TLS_BROKER = '127.0.0.1:9096';
const TLS_DIR = join(__dirname, '../../../../../brokers/tls');
const NO_LISTENER = (address: string) =>
  `no Kafka listener on ${address}: start Kafka with npm run brokers:up ` +
  '(a Kafka started before that listener existed: npm run brokers:down first)';
const USER = 'railyard';
const PASSWORD = 'railyard-local-sasl';

async function listenerAnswers(address: string): Promise<boolean> {
  const [host, port] = address.split(':');
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(2_000, () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
    socket.connect(Number(port), host, () => (socket.destroy(), resolve(true)));
  });
}

const options = (service: string, mechanism: string, password: string) =>
  messagingOptionsFromEnv(service, {
    TRANSPORT: 'kafka',
    KAFKA_BROKERS: SASL_BROKER,
    KAFKA_SASL_MECHANISM: mechanism,
    KAFKA_SASL_USERNAME: USER,
    KAFKA_SASL_PASSWORD: password,
    MESSAGING_SHUTDOWN_TIMEOUT_MS: '5000',
  });

/**
 * The Kafka bus over SASL against the real broker's SASL listener (issue 15): every mechanism
 * the bus offers carries a request and its reply, and a wrong password is refused at connect.
 */
describe('Kafka over SASL (the local SASL_PLAINTEXT listener)', () => {
  const open: KafkaTransport[] = [];
  beforeAll(async () => {
    if (!(await listenerAnswers(SASL_BROKER))) throw new Error(NO_LISTENER(SASL_BROKER));
  });
  afterAll(() => Promise.all(open.map((transport) => transport.close())));

  it.each(KAFKA_SASL_MECHANISMS)('carries a request and its reply with %s', async (mechanism) => {
    const service = `sasl-${mechanism}-${randomUUID().slice(0, 8)}`;
    const server = new KafkaTransport(options(service, mechanism, PASSWORD));
    open.push(server);
    await server.connect();
    await server.listen({
      events: new Map(),
      requests: new Map([[`${service}.ping`, async () => ({ pong: mechanism })]]),
    });
    const client = new KafkaTransport(options(`${service}-client`, mechanism, PASSWORD));
    open.push(client);
    await client.connect();
    const envelope = createEnvelope({ type: `${service}.ping`, payload: {} });
    expect(await client.request(service, envelope, 30_000)).toEqual({ pong: mechanism });
  });

  it.each(KAFKA_SASL_MECHANISMS)(
    'refuses a wrong password with %s at connect',
    async (mechanism) => {
      const client = new KafkaTransport(
        options(`sasl-wrong-${randomUUID().slice(0, 8)}`, mechanism, 'wrong-password'),
      );
      open.push(client);
      await expect(client.connect()).rejects.toThrow(/SASL|[Aa]uthentication/);
    },
  );
});

/** The Kafka bus over mutual TLS against the real broker's SSL listener (issue 15). */
describe('Kafka over TLS (the local SSL listener, mutual TLS)', () => {
  const open: KafkaTransport[] = [];
  const tlsFiles = {
    KAFKA_TLS: 'true',
    KAFKA_TLS_CA_FILE: join(TLS_DIR, 'ca.pem'),
    KAFKA_TLS_CERT_FILE: join(TLS_DIR, 'client.pem'),
    KAFKA_TLS_KEY_FILE: join(TLS_DIR, 'client-key.pem'),
  };
  const tlsOptions = (service: string, files: Record<string, string>) =>
    messagingOptionsFromEnv(service, {
      TRANSPORT: 'kafka',
      KAFKA_BROKERS: TLS_BROKER,
      MESSAGING_SHUTDOWN_TIMEOUT_MS: '5000',
      ...files,
    });
  beforeAll(async () => {
    if (!(await listenerAnswers(TLS_BROKER))) throw new Error(NO_LISTENER(TLS_BROKER));
  });
  afterAll(() => Promise.all(open.map((transport) => transport.close())));

  it('carries a request and its reply with the CA and a client certificate', async () => {
    const service = `tls-${randomUUID().slice(0, 8)}`;
    const server = new KafkaTransport(tlsOptions(service, tlsFiles));
    open.push(server);
    await server.connect();
    await server.listen({
      events: new Map(),
      requests: new Map([[`${service}.ping`, async () => 'pong']]),
    });
    const client = new KafkaTransport(tlsOptions(`${service}-client`, tlsFiles));
    open.push(client);
    await client.connect();
    const envelope = createEnvelope({ type: `${service}.ping`, payload: {} });
    expect(await client.request(service, envelope, 30_000)).toBe('pong');
  });

  it.each([
    [
      'without the CA (the broker certificate is then untrusted)',
      { ...tlsFiles, KAFKA_TLS_CA_FILE: '' },
      /unable to verify the first certificate/,
    ],
    [
      'without a client certificate',
      { KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: tlsFiles.KAFKA_TLS_CA_FILE },
      /bad certificate/,
    ],
  ])('fails to connect %s', async (_, files, reason) => {
    const client = new KafkaTransport(tlsOptions(`tls-refused-${randomUUID().slice(0, 8)}`, files));
    open.push(client);
    await expect(client.connect()).rejects.toThrow(reason);
  });
});
