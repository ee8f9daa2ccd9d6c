import {
  Context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { Envelope } from '../envelope/envelope';

/** The W3C Trace Context fields (https://www.w3.org/TR/trace-context/), as envelope headers. */
export const TRACE_HEADER = { parent: 'traceparent', state: 'tracestate' } as const;

/**
 * Always W3C, not the global propagator: the envelope's header names are part of the bus's wire
 * format, whatever else a process registers (OTEL_PROPAGATORS) for HTTP.
 */
const propagator = new W3CTraceContextPropagator();

/** `envelope` with `context`'s span as its traceparent (and tracestate), replacing any it had. */
export function withTraceContext<T>(envelope: Envelope<T>, context: Context): Envelope<T> {
  const headers: Record<string, string> = { ...envelope.headers };
  delete headers[TRACE_HEADER.parent];
  delete headers[TRACE_HEADER.state];
  propagator.inject(context, headers, defaultTextMapSetter);
  return { ...envelope, headers };
}

/**
 * The remote span context `envelope` carries, under the root context; the root context itself
 * when it carries none or an invalid one (the propagator ignores what does not parse).
 */
export function traceContextOf(envelope: Envelope): Context {
  if (envelope.headers[TRACE_HEADER.parent] === undefined) return ROOT_CONTEXT;
  return propagator.extract(ROOT_CONTEXT, envelope.headers, defaultTextMapGetter);
}
