import { readTracingEnv } from './tracing-env';

describe('readTracingEnv', () => {
  it('is off without an OTLP endpoint, named after the app', () => {
    expect(readTracingEnv('order-service', {})).toEqual({
      serviceName: 'order-service',
      endpoint: undefined,
      protocol: 'http/protobuf',
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

  describe('the encoding', () => {
    const on = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };

    it('is protobuf unless told otherwise, as the specification says', () => {
      expect(readTracingEnv('a', on).protocol).toBe('http/protobuf');
    });

    it('takes the traces variable over the general one', () => {
      expect(
        readTracingEnv('a', { ...on, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).protocol,
      ).toBe('http/json');
      const both = {
        ...on,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'HTTP/PROTOBUF',
      };
      expect(readTracingEnv('a', both).protocol).toBe('http/protobuf');
    });

    it('refuses one it cannot send, gRPC included, naming the variable', () => {
      expect(() => readTracingEnv('a', { ...on, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(
        'OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported: use http/protobuf or http/json',
      );
    });

    it('is not read while tracing is off', () => {
      expect(readTracingEnv('a', { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }).protocol).toBe(
        'http/protobuf',
      );
    });
  });
});
