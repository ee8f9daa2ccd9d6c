import {
  All,
  Controller,
  Get,
  INestApplication,
  Logger as NestLogger,
  Param,
} from '@nestjs/common';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { Test } from '@nestjs/testing';
import { Logger } from 'nestjs-pino';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { commonEnvSchema } from '../config/common-env.schema';
import { validatedConfigModule } from '../config/validated-config.module';
import { railyardLoggerModule } from '../logging/logger.module';
import { HttpTracingModule } from './http-tracing.module';
import { InMemoryTracing, installInMemoryTracing } from './in-memory-tracing';

@Controller('things')
class ThingsController {
  private readonly logger = new NestLogger('Things');

  @Get(':id')
  async one(@Param('id') id: string) {
    // Past an await, as a handler that calls the bus is: the request's span is still active.
    await sleep(1);
    const inner = trace.getTracer('spec').startSpan('inner work');
    inner.end();
    this.logger.log(`serving ${id}`);
    return { id, active: trace.getActiveSpan()?.spanContext().spanId };
  }

  @Get(':id/broken')
  broken() {
    throw new Error('boom');
  }
}

/** Stand-ins for the probe routes HttpTracingModule leaves alone. */
@Controller()
class ProbesController {
  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  @All('metrics')
  metrics() {
    return 'metrics';
  }
}

/** The JSON log lines the app writes. */
const lines: Array<Record<string, unknown>> = [];
const logLine = (msg: string) => lines.find((line) => line.msg === msg);

/**
 * As the gateway has it: the logger's modules (whose request-context middleware Nest mounts before
 * the span's, on the same catch-all pattern), then HttpTracingModule.
 */
async function startApp(): Promise<INestApplication> {
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const module = await Test.createTestingModule({
    imports: [
      validatedConfigModule(commonEnvSchema, { LOG_LEVEL: 'info', LOG_FORMAT: 'json' }),
      railyardLoggerModule('spec', destination),
      HttpTracingModule,
    ],
    controllers: [ThingsController, ProbesController],
  }).compile();
  const app = module.createNestApplication({ bufferLogs: true });
  app.useLogger(app.get(Logger));
  await app.init();
  return app;
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';

describe('HttpServerSpanMiddleware, tracing on', () => {
  let tracing: InMemoryTracing;
  let app: INestApplication;

  beforeAll(async () => {
    tracing = installInMemoryTracing('gateway-spec');
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
    await tracing?.uninstall();
  });
  beforeEach(() => tracing.reset());

  /** The SERVER spans, once `count` of them have ended: the span ends on the response's 'finish'. */
  async function serverSpans(count: number): Promise<ReadableSpan[]> {
    for (let waited = 0; waited < 2_000; waited += 10) {
      const spans = tracing.spans().filter((span) => span.kind === SpanKind.SERVER);
      if (spans.length >= count) return spans;
      await sleep(10);
    }
    throw new Error(`expected ${count} server spans, got ${tracing.spans().length} spans`);
  }

  it('records one SERVER span named after the route pattern, with the HTTP attributes', async () => {
    const response = await request(app.getHttpServer())
      .get('/things/7?secret=1')
      .set('User-Agent', 'spec-agent/1.0')
      .expect(200);

    const [span] = await serverSpans(1);
    expect(tracing.spans().filter((ended) => ended.kind === SpanKind.SERVER)).toHaveLength(1);
    expect(span.name).toBe('GET /things/:id');
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toEqual({
      'http.request.method': 'GET',
      'url.path': '/things/7',
      'url.scheme': 'http',
      'server.address': '127.0.0.1',
      'server.port': expect.any(Number),
      'user_agent.original': 'spec-agent/1.0',
      'http.route': '/things/:id',
      'http.response.status_code': 200,
    });
    // The handler ran in the span's context, and its log lines carry the span's ids.
    const { spanId, traceId } = span.spanContext();
    expect(response.body.active).toBe(spanId);
    expect(logLine('serving 7')).toMatchObject({
      traceId,
      spanId,
      requestId: response.headers['x-request-id'],
    });
  });

  it('makes a span started inside the handler its child', async () => {
    await request(app.getHttpServer()).get('/things/8').expect(200);
    const [server] = await serverSpans(1);
    const inner = tracing.spans().find((span) => span.name === 'inner work')!;
    expect(inner.spanContext().traceId).toBe(server.spanContext().traceId);
    expect(inner.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
  });

  it("continues the caller's trace from a W3C traceparent (and keeps its tracestate)", async () => {
    await request(app.getHttpServer())
      .get('/things/9')
      .set('traceparent', `00-${TRACE_ID}-${PARENT_ID}-01`)
      .set('tracestate', 'vendor=opaque')
      .expect(200);

    const [span] = await serverSpans(1);
    expect(span.spanContext().traceId).toBe(TRACE_ID);
    expect(span.parentSpanContext).toMatchObject({
      traceId: TRACE_ID,
      spanId: PARENT_ID,
      isRemote: true,
    });
    expect(span.spanContext().traceState?.get('vendor')).toBe('opaque');
  });

  it.each([
    ['garbage', 'not-a-traceparent'],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${PARENT_ID}-01`],
    ['a too-short span id', `00-${TRACE_ID}-00f067aa-01`],
  ])('starts a new trace for a malformed traceparent (%s)', async (_, traceparent) => {
    await request(app.getHttpServer())
      .get('/things/10')
      .set('traceparent', traceparent)
      .expect(200);

    const [span] = await serverSpans(1);
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.spanContext().traceId).not.toBe(TRACE_ID);
    expect(span.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('marks a 5xx an error, with error.type its status code', async () => {
    await request(app.getHttpServer()).get('/things/1/broken').expect(500);

    const [span] = await serverSpans(1);
    expect(span.name).toBe('GET /things/:id/broken');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes).toMatchObject({
      'http.response.status_code': 500,
      'error.type': '500',
    });
  });

  it('does not mark a 404 an error, and names an unmatched request after its method only', async () => {
    // The logger's middleware, mounted after this one, leaves its own route on the request:
    // still no route.
    await request(app.getHttpServer()).post('/no/such/path').send({}).expect(404);

    const [span] = await serverSpans(1);
    expect(span.name).toBe('POST');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['http.response.status_code']).toBe(404);
    expect(span.attributes['http.route']).toBeUndefined();
    expect(span.attributes['error.type']).toBeUndefined();
  });

  it('names a method the conventions do not know _OTHER, the span HTTP', async () => {
    await request(app.getHttpServer()).propfind('/things/1').expect(404);

    const [span] = await serverSpans(1);
    expect(span.name).toBe('HTTP');
    expect(span.attributes).toMatchObject({
      'http.request.method': '_OTHER',
      'http.request.method_original': 'PROPFIND',
    });
  });

  it('records no span for the health probes and /metrics', async () => {
    const server = app.getHttpServer();
    await request(server).get('/health/live').expect(200);
    await request(server).get('/metrics').expect(200);
    await request(server).get('/things/11').expect(200); // a span, to know the others had time
    await serverSpans(1);
    expect(tracing.spans().map((span) => span.name)).toEqual(['inner work', 'GET /things/:id']);
  });
});

describe('HttpServerSpanMiddleware, tracing off', () => {
  it('serves the request with no span and no trace context', async () => {
    const app = await startApp();
    try {
      const response = await request(app.getHttpServer())
        .get('/things/1')
        .set('traceparent', `00-${TRACE_ID}-${PARENT_ID}-01`)
        .expect(200);
      expect(response.body.active).toBeUndefined();
      expect(logLine('serving 1')).toBeDefined();
      expect(logLine('serving 1')?.traceId).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
