import { readTracingEnv } from './tracing-env';

describe('readTracingEnv', () => {
  it('is off without an OTLP endpoint, named after the app', () => {
    expect(readTracingEnv('order-service', {})).toEqual({
      serviceName: 'order-service',
      endpoint: undefined,
    });
  });

  it('exports to the traces endpoint, else to the general one', () => {
    expect(
      readTracingEnv('a', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).endpoint,
    ).toBe('http://collector:4318/v1/traces');
    expect(
      readTracingEnv('a', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/base/' }).endpoint,
    ).toBe('http://collector:4318/base/v1/traces');
    expect(
      readTracingEnv('a', {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:4318/v1/traces',
      }).endpoint,
    ).toBe('http://traces:4318/v1/traces');
    expect(readTracingEnv('a', { OTEL_EXPORTER_OTLP_ENDPOINT: '  ' }).endpoint).toBeUndefined();
  });

  it('takes OTEL_SERVICE_NAME over the app name', () => {
    expect(readTracingEnv('a', { OTEL_SERVICE_NAME: 'orders-eu' }).serviceName).toBe('orders-eu');
  });

  it.each([
    { OTEL_SDK_DISABLED: 'true' },
    { OTEL_SDK_DISABLED: 'TRUE' },
    { OTEL_TRACES_EXPORTER: 'none' },
  ])('stays off with %p', (off) => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', ...off };
    expect(readTracingEnv('a', env).endpoint).toBeUndefined();
  });
});
