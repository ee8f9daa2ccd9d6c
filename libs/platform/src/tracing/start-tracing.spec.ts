import { context, propagation, trace } from '@opentelemetry/api';
import { railyardTracer } from './railyard-tracer';
import { shutdownTracing, startTracing } from './start-tracing';

afterEach(() => shutdownTracing());

describe('startTracing', () => {
  it('registers nothing without an endpoint: the API stays a no-op, the bus skips spans', () => {
    const status = startTracing('order-service', {});
    expect(status).toEqual({ exporting: false, serviceName: 'order-service' });
    expect(railyardTracer()).toBeUndefined();
    const span = trace.getTracer('x').startSpan('nothing');
    expect(span.isRecording()).toBe(false);
    expect(propagation.fields()).toEqual([]);
  });

  it('with an endpoint, installs a provider, the ALS context manager and W3C propagation', async () => {
    const status = startTracing('order-service', {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1',
      OTEL_SERVICE_NAME: 'orders-eu',
    });
    expect(status).toMatchObject({ exporting: true, serviceName: 'orders-eu' });
    expect(railyardTracer()).toBeDefined();
    expect(propagation.fields()).toEqual(['traceparent', 'tracestate']);

    const span = trace.getTracer('x').startSpan('outer');
    expect(span.isRecording()).toBe(true);
    // The active span follows an await (AsyncLocalStorage).
    const seen = await context.with(trace.setSpan(context.active(), span), async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return trace.getActiveSpan();
    });
    expect(seen).toBe(span);
    // Not ended: nothing is queued for the (unreachable) collector at shutdown.

    await shutdownTracing();
    expect(railyardTracer()).toBeUndefined();
    expect(trace.getTracer('x').startSpan('after').isRecording()).toBe(false);
  });

  it('samples as OTEL_TRACES_SAMPLER says', () => {
    startTracing('order-service', {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1',
      OTEL_TRACES_SAMPLER: 'always_off',
    });
    expect(railyardTracer()?.startSpan('dropped').isRecording()).toBe(false);
  });

  it('sets up once per process: a second call returns the first status', () => {
    const first = startTracing('a', {});
    expect(startTracing('b', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1' })).toBe(first);
    expect(railyardTracer()).toBeUndefined();
  });
});
