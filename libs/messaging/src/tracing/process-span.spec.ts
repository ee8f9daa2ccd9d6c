import { Logger } from '@nestjs/common';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags } from '@opentelemetry/api';
import {
  currentLogContext,
  installInMemoryTracing,
  InMemoryTracing,
  LogContext,
} from '@railyard/platform';
import { DeliveryPipeline } from '../delivery/delivery-pipeline';
import { createEnvelope, Envelope } from '../envelope/envelope';
import { envelopeToHeaders } from '../envelope/envelope-headers';
import { EventHandler, RequestHandler } from '../transport/transport';
import { EVENT_ATTEMPT_FAILED } from './bus-semconv';
import { withTraceContext } from './trace-headers';

beforeAll(() => Logger.overrideLogger(false));

let tracing: InMemoryTracing;
beforeAll(() => {
  tracing = installInMemoryTracing('process-span-spec');
});
afterAll(() => tracing.uninstall());
beforeEach(() => tracing.reset());

const UPSTREAM = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.SAMPLED,
};

function inbound(envelope: Envelope) {
  return {
    source: envelope.type,
    headers: envelopeToHeaders(envelope),
    body: Buffer.from(JSON.stringify(envelope.payload)),
  };
}

function tracedEnvelope(type: string) {
  return withTraceContext(
    createEnvelope({ type, payload: { n: 1 }, aggregateId: 'agg-1' }),
    trace.setSpanContext(ROOT_CONTEXT, UPSTREAM),
  );
}

function pipeline(
  events: Record<string, EventHandler>,
  requests: Record<string, RequestHandler> = {},
) {
  return new DeliveryPipeline(
    { events: new Map(Object.entries(events)), requests: new Map(Object.entries(requests)) },
    {
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 40 },
      maxMessageBytes: 4096,
      transport: 'memory',
      service: 'billing',
    },
    async () => undefined,
    new Logger('spec'),
    undefined,
    async () => undefined,
  );
}

describe('the process span of a delivery', () => {
  it('is a CONSUMER child of the envelope trace context, active in the handler and its logs', async () => {
    const seen: Array<LogContext | undefined> = [];
    let active: string | undefined;
    const envelope = tracedEnvelope('order.created');
    await pipeline({
      'order.created': async () => {
        seen.push(currentLogContext());
        active = trace.getActiveSpan()?.spanContext().spanId;
      },
    }).deliverEvent(inbound(envelope));

    const [span] = tracing.spans();
    expect(tracing.spans()).toHaveLength(1);
    expect(span.name).toBe('process order.created');
    expect(span.kind).toBe(SpanKind.CONSUMER);
    expect(span.spanContext().traceId).toBe(UPSTREAM.traceId);
    expect(span.parentSpanContext).toMatchObject({ spanId: UPSTREAM.spanId, isRemote: true });
    expect(span.attributes).toMatchObject({
      'messaging.system.name': 'memory',
      'messaging.destination.name': 'order.created',
      'messaging.operation.type': 'process',
      'messaging.message.id': envelope.messageId,
      'messaging.consumer.group.name': 'billing',
      'messaging.message.conversation_id': envelope.correlationId,
      'railyard.delivery.outcome': 'handled',
      'railyard.delivery.attempt': 1,
    });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(active).toBe(span.spanContext().spanId);
    expect(seen[0]).toMatchObject({
      messageId: envelope.messageId,
      traceId: UPSTREAM.traceId,
      spanId: span.spanContext().spanId,
    });
  });

  it('starts a new trace for a message that carries none', async () => {
    const envelope = createEnvelope({ type: 'order.created', payload: {} });
    await pipeline({ 'order.created': async () => undefined }).deliverEvent(inbound(envelope));
    const [span] = tracing.spans();
    expect(span.parentSpanContext).toBeUndefined();
  });

  it('records each retried attempt as an event of one span', async () => {
    let calls = 0;
    await pipeline({
      'order.created': async () => {
        if (++calls < 3) throw Object.assign(new Error('db busy'), { code: 'BUSY' });
      },
    }).deliverEvent(inbound(tracedEnvelope('order.created')));

    const spans = tracing.spans();
    expect(spans).toHaveLength(1);
    const failures = spans[0].events.filter((event) => event.name === EVENT_ATTEMPT_FAILED);
    expect(failures.map((event) => event.attributes)).toEqual([
      expect.objectContaining({ 'railyard.delivery.attempt': 1, 'exception.type': 'BUSY' }),
      expect.objectContaining({ 'railyard.delivery.attempt': 2, 'exception.message': 'db busy' }),
    ]);
    expect(spans[0].attributes).toMatchObject({
      'railyard.delivery.outcome': 'handled',
      'railyard.delivery.attempt': 3,
    });
    expect(spans[0].status.code).toBe(SpanStatusCode.UNSET);
  });

  it('is an error when the message is dead-lettered', async () => {
    await pipeline({
      'order.created': async () => {
        throw Object.assign(new Error('bad data'), { code: 'BAD', retryable: false });
      },
    }).deliverEvent(inbound(tracedEnvelope('order.created')));

    const [span] = tracing.spans();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'bad data' });
    expect(span.attributes).toMatchObject({
      'railyard.delivery.outcome': 'dead_lettered',
      'error.type': 'BAD',
    });
    expect(span.events.map((event) => event.name)).toContain('exception');
  });

  it('is a SERVER span for a request, an error when its handler throws', async () => {
    const p = pipeline(
      {},
      {
        'stock.reserve': async () => {
          throw Object.assign(new Error('none left'), { code: 'OUT_OF_STOCK' });
        },
      },
    );
    const reply = await p.deliverRequest(inbound(tracedEnvelope('stock.reserve')));
    expect(reply.ok).toBe(false);

    const [span] = tracing.spans();
    expect(span.name).toBe('process stock.reserve');
    expect(span.kind).toBe(SpanKind.SERVER);
    expect(span.parentSpanContext?.spanId).toBe(UPSTREAM.spanId);
    expect(span.attributes['messaging.destination.name']).toBe('billing');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('OUT_OF_STOCK');
  });
});
