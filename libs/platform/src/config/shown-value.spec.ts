import { redactUrl, shownValue } from './shown-value';

describe('redactUrl', () => {
  it.each([
    ['amqp://guest:guest@127.0.0.1:5672/vhost', 'amqp://guest:***@127.0.0.1:5672/vhost'],
    ['postgresql://admin:S3c:r@t@db:5432/orders', 'postgresql://admin:***@db:5432/orders'],
    ['postgres://postgres@127.0.0.1:5432/x', 'postgres://postgres@127.0.0.1:5432/x'],
    ['http://127.0.0.1:8080/a:b@c', 'http://127.0.0.1:8080/a:b@c'],
    ['not a url', 'not a url'],
  ])('%s → %s', (url, shown) => expect(redactUrl(url)).toBe(shown));
});

describe('shownValue', () => {
  it.each([
    'BUS_SECRET',
    'AUTH_JWT_KEY',
    'KAFKA_SASL_PASSWORD',
    'API_TOKEN',
    'TLS_PRIVATE_KEY_FILE',
  ])('never shows %s', (name) => expect(shownValue(name, 'v4lue')).toBe('(secret, not shown)'));

  it('shows other values, URLs without their password', () => {
    expect(shownValue('GATEWAY_HTTP_PORT', 'abc')).toBe('abc');
    expect(shownValue('KAFKA_BROKERS', 'a:1,b:2')).toBe('a:1,b:2');
    expect(shownValue('RABBITMQ_URL', 'amqp://u:p@h')).toBe('amqp://u:***@h');
  });
});
