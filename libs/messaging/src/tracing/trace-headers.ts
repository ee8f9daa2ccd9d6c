import {
  Context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
} from '@opentelemetry/api';
import { traceContextPropagator } from '@railyard/platform';
import { Envelope } from '../envelope/envelope';

/** The W3C Trace Context fields (https://www.w3.org/TR/trace-context/), as envelope headers. */
export const TRACE_HEADER = { parent: 'traceparent', state: 'tracestate' } as const;

/** `envelope` with `context`'s span as its traceparent (and tracestate), replacing any it had. */
export function withTraceContext<T>(envelope: Envelope<T>, context: Context): Envelope<T> {
  // Copied without the old pair rather than spread then `delete`d: deleting a key that is there
  // can turn the object into a slower dictionary-mode one for every later read (the transport's
  // encoding). Measured in isolation: 0.6 → 0.45 µs a message; small, but on every send (issue 16).
  const headers: Record<string, string> = {};
  for (const name in envelope.headers) {
    if (name !== TRACE_HEADER.parent && name !== TRACE_HEADER.state) {
      headers[name] = envelope.headers[name];
    }
  }
  // Always W3C, whatever a process registers globally: see traceContextPropagator.
  traceContextPropagator().inject(context, headers, defaultTextMapSetter);
  return { ...envelope, headers };
}

/**
 * The remote span context `envelope` carries, under the root context; the root context itself
 * when it carries none or an invalid one (the propagator ignores what does not parse).
 */
export function traceContextOf(envelope: Envelope): Context {
  if (envelope.headers[TRACE_HEADER.parent] === undefined) return ROOT_CONTEXT;
  return traceContextPropagator().extract(ROOT_CONTEXT, envelope.headers, defaultTextMapGetter);
}
