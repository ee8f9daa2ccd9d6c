import { messagingEnvSchema, messagingOptionsFromEnv } from './messaging-options.from-env';

/** Addresses are checked when the configuration is read, not 10 s later by a failed connect. */
describe('broker addresses from the environment', () => {
  it.each([
    ['localhost', 'KAFKA_BROKERS=localhost: each broker is host:port'],
    ['kafka-1:9092,kafka-2', 'KAFKA_BROKERS=kafka-1:9092,kafka-2: each broker is host:port'],
    ['kafka:0', 'each broker is host:port'],
    ['kafka:70000', 'each broker is host:port'],
    ['kafka:90x2', 'each broker is host:port'],
  ])('refuses KAFKA_BROKERS=%s', (brokers, problem) => {
    expect(() => messagingOptionsFromEnv('order', { KAFKA_BROKERS: brokers })).toThrow(problem);
  });

  it('takes host:port lists, IPv6 in brackets included', () => {
    const env = { KAFKA_BROKERS: 'kafka-1:9092, 10.0.0.2:19092,[::1]:9093' };
    expect(messagingOptionsFromEnv('order', env).kafka.brokers).toEqual([
      'kafka-1:9092',
      '10.0.0.2:19092',
      '[::1]:9093',
    ]);
  });

  it.each([
    'http://guest:guest@rabbit:5672',
    'https://rabbit',
    'rabbit:5672',
    'amqp://rabbit:99999',
  ])('refuses RABBITMQ_URL=%s', (url) => {
    expect(() => messagingOptionsFromEnv('order', { RABBITMQ_URL: url })).toThrow(/RABBITMQ_URL/);
  });

  it('takes amqp:// and amqps:// URLs', () => {
    for (const url of ['amqp://guest:guest@127.0.0.1:5672', 'amqps://u:p@rabbit.example/vhost']) {
      expect(messagingOptionsFromEnv('order', { RABBITMQ_URL: url }).rabbitmq.url).toBe(url);
    }
  });

  it('checks them whatever the transport, so the app schema that merges them refuses at start', () => {
    expect(messagingEnvSchema.safeParse({ TRANSPORT: 'tcp', KAFKA_BROKERS: 'x' }).success).toBe(
      false,
    );
  });
});
