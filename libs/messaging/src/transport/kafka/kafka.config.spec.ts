import { join } from 'node:path';
import { Env, parseEnv } from '@railyard/platform';
import { kafkaEnvSchema, kafkaOptionsFrom } from './kafka.config';

const TLS_DIR = join(__dirname, '../../../../../brokers/tls');

const kafkaOptions = (env: Env) => kafkaOptionsFrom(parseEnv(kafkaEnvSchema, env));

describe('Kafka settings', () => {
  it('defaults to one local broker, plaintext and unauthenticated', () => {
    expect(kafkaOptions({})).toEqual({
      brokers: ['127.0.0.1:9092'],
      partitions: 3,
      partitionsConsumedConcurrently: 3,
      requestConcurrency: 32,
      newGroupStart: 'window',
    });
  });

  it('takes where a new consumer group starts, and refuses anything else', () => {
    expect(kafkaOptions({ KAFKA_NEW_GROUP_START: 'earliest' }).newGroupStart).toBe('earliest');
    expect(kafkaOptions({ KAFKA_NEW_GROUP_START: 'latest' }).newGroupStart).toBe('latest');
    expect(() => kafkaOptions({ KAFKA_NEW_GROUP_START: 'beginning' })).toThrow(
      'KAFKA_NEW_GROUP_START=beginning',
    );
  });

  /** Addresses are checked when the configuration is read, not 10 s later by a failed connect. */
  it.each([
    ['localhost', 'KAFKA_BROKERS=localhost: each broker is host:port'],
    ['kafka-1:9092,kafka-2', 'KAFKA_BROKERS=kafka-1:9092,kafka-2: each broker is host:port'],
    ['kafka:0', 'each broker is host:port'],
    ['kafka:70000', 'each broker is host:port'],
    ['kafka:90x2', 'each broker is host:port'],
  ])('refuses KAFKA_BROKERS=%s', (brokers, problem) => {
    expect(() => kafkaOptions({ KAFKA_BROKERS: brokers })).toThrow(problem);
  });

  it('takes host:port lists, IPv6 in brackets included', () => {
    const env = { KAFKA_BROKERS: 'kafka-1:9092, 10.0.0.2:19092,[::1]:9093' };
    expect(kafkaOptions(env).brokers).toEqual(['kafka-1:9092', '10.0.0.2:19092', '[::1]:9093']);
  });

  it('maps SASL and reads the TLS files', () => {
    const kafka = kafkaOptions({
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
    expect(() => kafkaOptions(env)).toThrow(problem);
  });
});
