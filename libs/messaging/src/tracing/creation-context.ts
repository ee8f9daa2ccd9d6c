import { context, SpanKind, trace } from '@opentelemetry/api';
import { railyardTracer } from '@railyard/platform';
import { Envelope } from '../envelope/envelope';
import { busSpanAttributes } from './bus-span-attributes';
import { TRACE_HEADER, withTraceContext } from './trace-headers';

const CREATE = { type: 'create', name: 'create' } as const;

/**
 * For a message that is sent later than it is made (staged in an outbox, sent by a relay): records
 * a PRODUCER span `create <type>` as a child of the work in progress (the handler's process span,
 * say) and returns the envelope carrying its context. The relay's send then keeps that context
 * (tracePublish), so the consumer's process span is a child of this span, i.e. of the staging
 * work, across the outbox hop. The span ends at once: it marks where the message was made.
 * Without tracing, or for an envelope that already carries a trace context, returns `envelope`.
 */
export function stampCreationContext<T>(envelope: Envelope<T>): Envelope<T> {
  const tracer = railyardTracer();
  if (!tracer || envelope.headers[TRACE_HEADER.parent] !== undefined) return envelope;
  const active = context.active();
  const span = tracer.startSpan(
    `create ${envelope.type}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: busSpanAttributes(undefined, envelope.type, CREATE, envelope),
    },
    active,
  );
  span.end();
  return withTraceContext(envelope, trace.setSpan(active, span));
}
