import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, Tracer } from '@opentelemetry/api';
import { installInMemoryTracing, InMemoryTracing, railyardTracer } from '@railyard/platform';
import { createEnvelope, Envelope } from '../envelope/envelope';
import { stampCreationContext } from './creation-context';
import { tracePublish } from './publish-span';
import { TRACE_HEADER, traceContextOf } from './trace-headers';

const envelope = createEnvelope({ type: 'order.placed', payload: { n: 1 } });
const tracer = () => railyardTracer() as Tracer;

describe('without tracing', () => {
  it('an envelope staged is left unstamped', () => {
    expect(railyardTracer()).toBeUndefined();
    expect(stampCreationContext(envelope)).toBe(envelope);
  });
});

describe('tracePublish with tracing', () => {
  let tracing: InMemoryTracing;
  beforeAll(() => {
    tracing = installInMemoryTracing('publish-span-spec');
  });
  afterAll(() => tracing.uninstall());
  beforeEach(() => tracing.reset());

  it('sends the envelope with its PRODUCER span as traceparent, the span active while sending', async () => {
    const sent: Envelope[] = [];
    let activeWhileSending: string | undefined;
    await tracePublish(tracer(), 'kafka', envelope, async (e) => {
      activeWhileSending = trace.getActiveSpan()?.spanContext().spanId;
      sent.push(e);
    });
    const [span] = tracing.spans();
    expect(span.name).toBe('send order.placed');
    expect(span.kind).toBe(SpanKind.PRODUCER);
    expect(span.attributes).toMatchObject({
      'messaging.system.name': 'kafka',
      'messaging.operation.type': 'send',
    });
    expect(activeWhileSending).toBe(span.spanContext().spanId);
    expect(trace.getSpanContext(traceContextOf(sent[0]))?.spanId).toBe(span.spanContext().spanId);
    expect(envelope.headers[TRACE_HEADER.parent]).toBeUndefined();
  });

  it('marks the span failed and rejects when the send fails', async () => {
    const failure = Object.assign(new Error('broker down'), { code: 'TRANSPORT_UNAVAILABLE' });
    await expect(
      tracePublish(tracer(), 'rabbitmq', envelope, async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    const [span] = tracing.spans();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'broker down' });
    expect(span.attributes['error.type']).toBe('TRANSPORT_UNAVAILABLE');
  });

  it('keeps the creation context of a staged envelope and links to it', async () => {
    const work = trace.getTracer('spec').startSpan('staging work');
    const staged = context.with(trace.setSpan(ROOT_CONTEXT, work), () =>
      stampCreationContext(envelope),
    );
    work.end();
    const sent: Envelope[] = [];
    await tracePublish(tracer(), 'tcp', staged, async (e) => void sent.push(e));

    const create = tracing.spans().find((span) => span.name === 'create order.placed');
    const send = tracing.spans().find((span) => span.name === 'send order.placed');
    expect(create?.parentSpanContext?.spanId).toBe(work.spanContext().spanId);
    expect(sent[0].headers[TRACE_HEADER.parent]).toBe(staged.headers[TRACE_HEADER.parent]);
    expect(send?.links.map((link) => link.context.spanId)).toEqual([create?.spanContext().spanId]);
    // Staging twice does not move the creation context.
    expect(stampCreationContext(staged)).toBe(staged);
  });
});
