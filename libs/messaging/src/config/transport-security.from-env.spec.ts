import { join } from 'node:path';
import { messagingOptionsFromEnv } from './messaging-options.from-env';

const TLS_DIR = join(__dirname, '../../../../brokers/tls');

describe('transport security settings from the environment', () => {
  it('maps Kafka SASL and TLS files', () => {
    const { kafka } = messagingOptionsFromEnv('order', {
      TRANSPORT: 'kafka',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'order',
      KAFKA_SASL_PASSWORD: 'pw',
      KAFKA_TLS: 'true',
      KAFKA_TLS_CA_FILE: join(TLS_DIR, 'ca.pem'),
    });
    expect(kafka.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'order', password: 'pw' });
    expect(kafka.tls?.ca?.toString()).toContain('BEGIN CERTIFICATE');
    expect(kafka.tls?.cert).toBeUndefined();
  });

  it('leaves Kafka plaintext and unauthenticated by default', () => {
    const { kafka } = messagingOptionsFromEnv('order', { TRANSPORT: 'kafka' });
    expect(kafka.sasl).toBeUndefined();
    expect(kafka.tls).toBeUndefined();
  });

  it.each([
    [{ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u' }, 'KAFKA_SASL_PASSWORD'],
    [{ KAFKA_SASL_MECHANISM: 'gssapi' }, 'KAFKA_SASL_MECHANISM'],
    [{ KAFKA_TLS_CA_FILE: '/nowhere/ca.pem' }, 'KAFKA_TLS: set it to true'],
    [
      { KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: '/nowhere/ca.pem' },
      'KAFKA_TLS_CA_FILE=/nowhere/ca.pem: ENOENT',
    ],
    [
      { KAFKA_TLS: 'true', KAFKA_TLS_CERT_FILE: join(TLS_DIR, 'client.pem') },
      'give both or neither',
    ],
  ])('refuses %j naming the variable', (env, problem) => {
    expect(() => messagingOptionsFromEnv('order', { TRANSPORT: 'kafka', ...env })).toThrow(problem);
  });

  it('reads the RabbitMQ TLS files for an amqps URL, and refuses them for amqp', () => {
    const files = {
      RABBITMQ_TLS_CA_FILE: join(TLS_DIR, 'ca.pem'),
      RABBITMQ_TLS_CERT_FILE: join(TLS_DIR, 'client.pem'),
      RABBITMQ_TLS_KEY_FILE: join(TLS_DIR, 'client-key.pem'),
    };
    const { rabbitmq } = messagingOptionsFromEnv('order', {
      TRANSPORT: 'rabbitmq',
      RABBITMQ_URL: 'amqps://u:p@broker:5671',
      ...files,
    });
    expect(Object.keys(rabbitmq.tls ?? {}).sort()).toEqual(['ca', 'cert', 'key']);
    expect(() =>
      messagingOptionsFromEnv('order', {
        TRANSPORT: 'rabbitmq',
        RABBITMQ_URL: 'amqp://u:p@b',
        ...files,
      }),
    ).toThrow('RABBITMQ_URL must be amqps://');
  });
});
