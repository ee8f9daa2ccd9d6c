import { context, SpanKind, trace, Tracer } from '@opentelemetry/api';
import { TransportName } from '../config/messaging-options';
import { Envelope } from '../envelope/envelope';
import { busSpanAttributes } from './bus-span-attributes';
import { endSpanWith } from './end-span';
import { withTraceContext } from './trace-headers';

const REQUEST = { type: 'send', name: 'request' } as const;

/**
 * Runs `request` (send, then wait for the reply) inside a CLIENT span `request <type>` whose
 * context the request carries; the span ends with the reply, failed on a timeout or an error
 * reply. CLIENT, not PRODUCER: the caller waits, and the span kinds of the OpenTelemetry API pair
 * CLIENT with the SERVER span the handler runs in (traceProcess). Called only while tracing is on
 * (`railyardTracer()`).
 * Async, so that anything thrown while tracing rejects, as a failed request does.
 */
export async function traceRequest(
  tracer: Tracer,
  system: TransportName,
  target: string,
  envelope: Envelope,
  request: (envelope: Envelope) => Promise<unknown>,
): Promise<unknown> {
  const active = context.active();
  const span = tracer.startSpan(
    `request ${envelope.type}`,
    { kind: SpanKind.CLIENT, attributes: busSpanAttributes(system, target, REQUEST, envelope) },
    active,
  );
  const requesting = trace.setSpan(active, span);
  return endSpanWith(
    span,
    context.with(requesting, () => request(withTraceContext(envelope, requesting))),
  );
}
