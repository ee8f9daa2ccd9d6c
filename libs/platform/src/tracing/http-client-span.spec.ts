import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { traceHttpClientCall } from './http-client-span';
import { InMemoryTracing, installInMemoryTracing } from './in-memory-tracing';

/** A local upstream answering each path's status and remembering the headers it got. */
function upstream(): Promise<{ server: Server; base: URL; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    seen.push(request.headers);
    response.statusCode = Number(request.url?.split('/')[1] ?? 200);
    response.end('ok');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, base: new URL(`http://127.0.0.1:${port}`), seen });
    }),
  );
}

const call = (url: URL, method = 'GET') =>
  traceHttpClientCall({ method, url }, (traceHeaders) =>
    fetch(url, { method, headers: traceHeaders }).then(async (response) => ({
      status: response.status,
      body: await response.text(),
    })),
  );

describe('traceHttpClientCall', () => {
  let target: Awaited<ReturnType<typeof upstream>>;
  beforeAll(async () => (target = await upstream()));
  afterAll(() => new Promise((done) => target.server.close(done)));

  it('with tracing off calls without a span or trace headers', async () => {
    const answer = await call(new URL('/200/plain', target.base));
    expect(answer).toEqual({ status: 200, body: 'ok' });
    expect(target.seen.at(-1)).not.toHaveProperty('traceparent');
  });

  describe('with tracing on', () => {
    let tracing: InMemoryTracing;
    beforeAll(() => (tracing = installInMemoryTracing('gateway')));
    afterAll(() => tracing.uninstall());
    beforeEach(() => tracing.reset());

    it('records a CLIENT span under the active span and sends its traceparent', async () => {
      const parent = trace.getTracer('spec').startSpan('POST /legacy');
      await context.with(trace.setSpan(context.active(), parent), () =>
        call(new URL('/201/things?token=secret', target.base), 'POST'),
      );
      parent.end();
      const [span] = tracing.spans().filter((s) => s.kind === SpanKind.CLIENT);
      expect(span.name).toBe('POST');
      expect(span.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
      expect(span.attributes).toEqual({
        'http.request.method': 'POST',
        'server.address': '127.0.0.1',
        'server.port': Number(target.base.port),
        // No query string: it may carry a secret.
        'url.full': `${target.base.origin}/201/things`,
        'http.response.status_code': 201,
      });
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      const { traceId, spanId } = span.spanContext();
      expect(target.seen.at(-1)?.traceparent).toBe(`00-${traceId}-${spanId}-01`);
    });

    it('fails the span on a 4xx answer, which a client did not want', async () => {
      await call(new URL('/404/missing', target.base));
      const [span] = tracing.spans();
      expect(span.attributes['error.type']).toBe('404');
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
    });

    it('fails the span and rethrows when the call throws', async () => {
      const closed = new URL('http://127.0.0.1:1/nothing-listens');
      await expect(call(closed)).rejects.toThrow();
      const [span] = tracing.spans();
      expect(span.attributes['error.type']).toBe('TypeError');
      expect(span.attributes).not.toHaveProperty('http.response.status_code');
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
    });

    it('names a method the conventions do not know HTTP and keeps the original', async () => {
      await traceHttpClientCall({ method: 'PURGE', url: target.base }, async () => ({
        status: 204,
      }));
      const [span] = tracing.spans();
      expect(span.name).toBe('HTTP');
      expect(span.attributes['http.request.method']).toBe('_OTHER');
      expect(span.attributes['http.request.method_original']).toBe('PURGE');
    });
  });
});
