import { parseEnv } from '@railyard/platform';
import { messagingEnvSchema } from './messaging-env.schema';
import { messagingOptionsFrom, messagingOptionsFromEnv } from './messaging-options.from-config';
import { TRANSPORT_NAMES } from './messaging-options';

/** Every variable the bus read before each transport owned its own: apps merge the same set. */
const BUS_VARIABLES = [
  'BIND_HOST',
  'BUS_SECRET',
  'DATA_DIR',
  'INVENTORY_HOST',
  'INVENTORY_TCP_PORT',
  'KAFKA_BROKERS',
  'KAFKA_NEW_GROUP_START',
  'KAFKA_PARTITIONS',
  'KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY',
  'KAFKA_REQUEST_CONCURRENCY',
  'KAFKA_SASL_MECHANISM',
  'KAFKA_SASL_PASSWORD',
  'KAFKA_SASL_USERNAME',
  'KAFKA_TLS',
  'KAFKA_TLS_CA_FILE',
  'KAFKA_TLS_CERT_FILE',
  'KAFKA_TLS_KEY_FILE',
  'MESSAGING_MAX_MESSAGE_BYTES',
  'MESSAGING_MEMORY_BROKER',
  'MESSAGING_PUBLISH_TIMEOUT_MS',
  'MESSAGING_REQUEST_TIMEOUT_MS',
  'MESSAGING_RETRY_ATTEMPTS',
  'MESSAGING_RETRY_BASE_MS',
  'MESSAGING_RETRY_MAX_MS',
  'MESSAGING_SHUTDOWN_TIMEOUT_MS',
  'MESSAGING_UNROUTED_MAX_BYTES',
  'MESSAGING_UNROUTED_RETENTION_MS',
  'NODE_ENV',
  'ORDER_HOST',
  'ORDER_TCP_PORT',
  'PAYMENT_HOST',
  'PAYMENT_TCP_PORT',
  'RABBITMQ_PARTITIONS',
  'RABBITMQ_PREFETCH',
  'RABBITMQ_TLS_CA_FILE',
  'RABBITMQ_TLS_CERT_FILE',
  'RABBITMQ_TLS_KEY_FILE',
  'RABBITMQ_URL',
  'RAILYARD_NAMESPACE',
  'TCP_DEAD_LETTER_FILES',
  'TCP_DEAD_LETTER_MAX_FILE_BYTES',
  'TCP_DEAD_LETTER_RETENTION_MS',
  'TCP_TLS_CA_FILE',
  'TCP_TLS_CERT_FILE',
  'TCP_TLS_KEY_FILE',
  'TRANSPORT',
];

describe('messaging options from the bus config', () => {
  it('messagingEnvSchema is the bus-wide section and every transport section, merged', () => {
    expect(Object.keys(messagingEnvSchema.shape).sort()).toEqual(BUS_VARIABLES);
  });

  it.each(TRANSPORT_NAMES)('builds the block of TRANSPORT=%s only', (transport) => {
    const options = messagingOptionsFrom(
      'order',
      parseEnv(messagingEnvSchema, { TRANSPORT: transport }),
    );
    expect(options.transport).toBe(transport);
    const blocks = TRANSPORT_NAMES.filter((name) => name in options);
    expect(blocks).toEqual([transport]);
  });

  it('applies the bus-wide settings whatever the transport', () => {
    const options = messagingOptionsFromEnv('order', {
      TRANSPORT: 'memory',
      MESSAGING_RETRY_ATTEMPTS: '3',
      MESSAGING_RETRY_BASE_MS: '500',
      MESSAGING_RETRY_MAX_MS: '200',
    });
    expect(options).toMatchObject({
      service: 'order',
      namespace: '',
      instanceId: expect.stringMatching(/^order-/),
      retry: { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 500 },
      memory: { broker: 'railyard' },
    });
  });

  it("checks every transport's variables whatever the transport, so the app schema refuses at start", () => {
    expect(messagingEnvSchema.safeParse({ TRANSPORT: 'tcp', KAFKA_BROKERS: 'x' }).success).toBe(
      false,
    );
    expect(() =>
      messagingOptionsFromEnv('order', { TRANSPORT: 'memory', RABBITMQ_URL: 'http://rabbit' }),
    ).toThrow('RABBITMQ_URL=http://rabbit: must be an amqp:// or amqps:// URL');
  });

  it("leaves another transport's cross-variable rules alone (they are checked when it is chosen)", () => {
    const env = { NODE_ENV: 'production', KAFKA_SASL_MECHANISM: 'plain' };
    expect(() => messagingOptionsFromEnv('order', { ...env, TRANSPORT: 'memory' })).not.toThrow();
    expect(() => messagingOptionsFromEnv('order', { ...env, TRANSPORT: 'kafka' })).toThrow(
      'KAFKA_SASL_PASSWORD',
    );
    expect(() => messagingOptionsFromEnv('order', { ...env, TRANSPORT: 'tcp' })).toThrow(
      'BUS_SECRET',
    );
  });

  it('takes a namespace for every broker name, and refuses one that cannot prefix them all', () => {
    expect(messagingOptionsFromEnv('order', { RAILYARD_NAMESPACE: 'ci-7' }).namespace).toBe('ci-7');
    for (const bad of ['a.b', 'a b', 'x'.repeat(33), 'amq', 'ns*']) {
      expect(() => messagingOptionsFromEnv('order', { RAILYARD_NAMESPACE: bad })).toThrow(
        `RAILYARD_NAMESPACE=${bad}`,
      );
    }
  });

  it('types the options by the TRANSPORT it is given', () => {
    const { kafka } = messagingOptionsFromEnv('order', { TRANSPORT: 'kafka' });
    expect(kafka.brokers).toEqual(['127.0.0.1:9092']);
  });
});
