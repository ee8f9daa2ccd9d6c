import { join } from 'node:path';
import { Env, parseEnv } from '@railyard/platform';
import { RABBITMQ_EVENT_EXCHANGE, rabbitmqEnvSchema, rabbitmqOptionsFrom } from './rabbitmq.config';

const TLS_DIR = join(__dirname, '../../../../../brokers/tls');

const rabbitmqOptions = (env: Env) => rabbitmqOptionsFrom(parseEnv(rabbitmqEnvSchema, env));

describe('RabbitMQ settings', () => {
  it('defaults to the local broker and the railyard exchanges, without TLS', () => {
    expect(rabbitmqOptions({})).toEqual({
      url: 'amqp://guest:guest@127.0.0.1:5672',
      partitions: 4,
      prefetch: 32,
      exchange: RABBITMQ_EVENT_EXCHANGE,
      deadLetterExchange: 'railyard.dead-letter',
    });
  });

  /** The scheme is checked when the configuration is read, not by a failed connect. */
  it.each([
    'http://guest:guest@rabbit:5672',
    'https://rabbit',
    'rabbit:5672',
    'amqp://rabbit:99999',
  ])('refuses RABBITMQ_URL=%s', (url) => {
    expect(() => rabbitmqOptions({ RABBITMQ_URL: url })).toThrow(/RABBITMQ_URL/);
  });

  it('takes amqp:// and amqps:// URLs', () => {
    for (const url of ['amqp://guest:guest@127.0.0.1:5672', 'amqps://u:p@rabbit.example/vhost']) {
      expect(rabbitmqOptions({ RABBITMQ_URL: url }).url).toBe(url);
    }
  });

  it('reads the TLS files for an amqps URL, and refuses them for amqp', () => {
    const files = {
      RABBITMQ_TLS_CA_FILE: join(TLS_DIR, 'ca.pem'),
      RABBITMQ_TLS_CERT_FILE: join(TLS_DIR, 'client.pem'),
      RABBITMQ_TLS_KEY_FILE: join(TLS_DIR, 'client-key.pem'),
    };
    const { tls } = rabbitmqOptions({ RABBITMQ_URL: 'amqps://u:p@broker:5671', ...files });
    expect(Object.keys(tls ?? {}).sort()).toEqual(['ca', 'cert', 'key']);
    expect(() => rabbitmqOptions({ RABBITMQ_URL: 'amqp://u:p@b', ...files })).toThrow(
      'RABBITMQ_URL must be amqps://',
    );
  });
});
