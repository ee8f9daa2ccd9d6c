import { context, SpanKind, trace, Tracer } from '@opentelemetry/api';
import { TransportName } from '../config/messaging-options';
import { Envelope } from '../envelope/envelope';
import { busSpanAttributes } from './bus-span-attributes';
import { endSpanWith } from './end-span';
import { TRACE_HEADER, traceContextOf, withTraceContext } from './trace-headers';

const SEND = { type: 'send', name: 'send' } as const;

/**
 * Runs `send` inside a PRODUCER span `send <type>` and hands it the envelope that carries the trace
 * context its consumers continue from. Called only while tracing is on (`railyardTracer()`): off,
 * the transport sends as if this did not exist, not even a closure is made.
 *
 * An envelope that already carries a traceparent was created earlier than it is sent, staged in an
 * outbox inside some handler's work (stampCreationContext): it keeps that creation context, so its
 * consumers are children of the staging work and not of whichever relay pass sent it, and this
 * span links to it. That is the semantic conventions' "create" then "send" pattern for messages
 * sent apart from where they were made
 * (https://opentelemetry.io/docs/specs/semconv/messaging/messaging-spans/#context-propagation).
 * Async, so that anything thrown while tracing rejects, as a failed send does.
 */
export async function tracePublish(
  tracer: Tracer,
  system: TransportName,
  envelope: Envelope,
  send: (envelope: Envelope) => Promise<void>,
): Promise<void> {
  const created =
    envelope.headers[TRACE_HEADER.parent] === undefined
      ? undefined
      : trace.getSpanContext(traceContextOf(envelope));
  const active = context.active();
  const span = tracer.startSpan(
    `send ${envelope.type}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: busSpanAttributes(system, envelope.type, SEND, envelope),
      links: created ? [{ context: created }] : undefined,
    },
    active,
  );
  const sending = trace.setSpan(active, span);
  const sent = created ? envelope : withTraceContext(envelope, sending);
  return endSpanWith(
    span,
    context.with(sending, () => send(sent)),
  );
}
