import { context, SpanKind, trace, Tracer } from '@opentelemetry/api';
import { TransportName } from '../config/messaging-options';
import { Envelope } from '../envelope/envelope';
import { ATTR_MESSAGING_CONSUMER_GROUP_NAME } from './bus-semconv';
import { busSpanAttributes } from './bus-span-attributes';
import { DeliverySpan } from './delivery-span';
import { endSpanWith } from './end-span';
import { traceContextOf } from './trace-headers';

const PROCESS = { type: 'process', name: 'process' } as const;

export interface ProcessTarget {
  /** Unknown to a pipeline built without transport options (unit specs). */
  readonly system?: TransportName;
  readonly kind: 'event' | 'request';
  /** The consuming service: consumer group of events, destination of requests. */
  readonly service?: string;
}

/**
 * Runs `work` (the handler, with its retries) inside a span `process <type>` whose parent is the
 * trace context the envelope carries: CONSUMER for an event, SERVER for a request (the pair of the
 * requester's CLIENT span). The span is active while `work` runs, so what the handler publishes
 * or stages continues the trace. Called only while tracing is on (`railyardTracer()`).
 * Async, so that anything thrown while tracing rejects, as a failed handler does.
 */
export async function traceProcess<T>(
  tracer: Tracer,
  target: ProcessTarget,
  envelope: Envelope,
  work: (span: DeliverySpan) => Promise<T>,
): Promise<T> {
  const event = target.kind === 'event';
  const destination = event ? envelope.type : (target.service ?? envelope.type);
  const attributes = busSpanAttributes(target.system, destination, PROCESS, envelope);
  if (event && target.service) attributes[ATTR_MESSAGING_CONSUMER_GROUP_NAME] = target.service;
  const parent = traceContextOf(envelope);
  const span = tracer.startSpan(
    `process ${envelope.type}`,
    { kind: event ? SpanKind.CONSUMER : SpanKind.SERVER, attributes },
    parent,
  );
  return endSpanWith(
    span,
    context.with(trace.setSpan(parent, span), () => work(new DeliverySpan(span))),
  );
}
