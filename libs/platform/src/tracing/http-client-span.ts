import { context, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
  HTTP_METHOD_OTHER,
  KNOWN_HTTP_METHODS,
} from './http-semconv';
import { railyardTracer } from './railyard-tracer';
import { traceContextPropagator } from './trace-context-propagator';

/** What a traced outgoing call needs to know of its request. */
export interface OutgoingHttpCall {
  method: string;
  url: URL;
}

/**
 * Runs `send` (an outgoing HTTP call, its answer read) inside a CLIENT span per the HTTP client
 * conventions (https://opentelemetry.io/docs/specs/semconv/http/http-spans/#http-client), a child
 * of the active span, and hands `send` the W3C `traceparent`/`tracestate` to put on the request,
 * so the called application's spans continue the trace. With tracing off it only calls
 * `send({})`: no span, nothing injected (the caller's own trace headers are not passed on either).
 */
export async function traceHttpClientCall<T extends { status: number }>(
  call: OutgoingHttpCall,
  send: (traceHeaders: Record<string, string>) => Promise<T>,
): Promise<T> {
  const tracer = railyardTracer();
  if (!tracer) return send({});
  const known = KNOWN_HTTP_METHODS.has(call.method);
  const span = tracer.startSpan(known ? call.method : 'HTTP', {
    kind: SpanKind.CLIENT,
    attributes: clientAttributes(call, known),
  });
  const active = trace.setSpan(context.active(), span);
  const traceHeaders: Record<string, string> = {};
  traceContextPropagator().inject(active, traceHeaders, {
    set: (carrier, key, value) => (carrier[key] = value),
  });
  try {
    const answer = await context.with(active, () => send(traceHeaders));
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, answer.status);
    // A client span fails on any 4xx or 5xx: the call did not get what it asked for.
    if (answer.status >= 400) {
      span.setAttribute(ATTR_ERROR_TYPE, String(answer.status));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    return answer;
  } catch (error) {
    span.setAttribute(ATTR_ERROR_TYPE, (error as Error)?.name || 'Error');
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * `url.full` without its query string, as the server span leaves out `url.query`: a query may
 * carry tokens or personal data, and nothing here redacts it. Userinfo is never in the legacy
 * URL (LEGACY_URL's origin only), but is dropped all the same, as the conventions require.
 */
function clientAttributes({ method, url }: OutgoingHttpCall, known: boolean): Attributes {
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  const attributes: Attributes = {
    [ATTR_HTTP_REQUEST_METHOD]: known ? method : HTTP_METHOD_OTHER,
    [ATTR_SERVER_ADDRESS]: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    [ATTR_SERVER_PORT]: port,
    [ATTR_URL_FULL]: `${url.protocol}//${url.host}${url.pathname}`,
  };
  if (!known) attributes[ATTR_HTTP_REQUEST_METHOD_ORIGINAL] = method;
  return attributes;
}
