import { Injectable, NestMiddleware } from '@nestjs/common';
import {
  context,
  defaultTextMapGetter,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanStatusCode,
  trace,
  Tracer,
} from '@opentelemetry/api';
import { RoutedRequest, watchMatchedRoute } from '../http/matched-route';
import { FinishingResponse, whenResponseDone } from '../http/response-done';
import { withLogContext } from '../logging/log-context';
import {
  httpMethodOf,
  httpRequestAttributes,
  IncomingHttpRequest,
} from './http-request-attributes';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  HTTP_METHOD_OTHER,
} from './http-semconv';
import { railyardTracer } from './railyard-tracer';
import { traceContextPropagator } from './trace-context-propagator';

type TracedRequest = IncomingHttpRequest & RoutedRequest;

/**
 * Serves each HTTP request inside a SERVER span, per the HTTP semantic conventions: a child of the
 * caller's W3C `traceparent` when it sent a valid one, else the root of a new trace. What the
 * request's handler does (the bus's `request order.create`, say) runs in the span's context, so
 * it continues the trace, and the log lines written meanwhile carry its traceId and spanId.
 * A middleware rather than an interceptor, as HttpMetricsMiddleware, so that requests refused
 * before a handler runs (401, 403, 429, 404) are traced too. Mounted by HttpTracingModule.
 */
@Injectable()
export class HttpServerSpanMiddleware implements NestMiddleware {
  use(request: TracedRequest, response: FinishingResponse, next: () => void): void {
    const tracer = railyardTracer();
    // Tracing off: this one check, nothing allocated (docs/tracing.md, "Cost").
    if (!tracer) return next();
    serveInSpan(tracer, request, response, next);
  }
}

function serveInSpan(
  tracer: Tracer,
  request: TracedRequest,
  response: FinishingResponse,
  next: () => void,
): void {
  // The caller's trace context under ROOT_CONTEXT, not the active one: whatever context the
  // connection's callbacks carry belongs to no request. Invalid or absent: a new trace.
  const parent = traceContextPropagator().extract(
    ROOT_CONTEXT,
    request.headers,
    defaultTextMapGetter,
  );
  const method = httpMethodOf(request);
  // `{method}` until the route is known: routing happens later, inside next().
  const name = method === HTTP_METHOD_OTHER ? 'HTTP' : method;
  const span = tracer.startSpan(
    name,
    { kind: SpanKind.SERVER, attributes: httpRequestAttributes(request, method) },
    parent,
  );
  const matchedRoute = watchMatchedRoute(request);
  whenResponseDone(response, () => endSpan(span, name, matchedRoute(), response));
  const { traceId, spanId } = span.spanContext();
  context.with(trace.setSpan(parent, span), () => withLogContext({ traceId, spanId }, next));
}

/** Names the span after the matched route (`POST /orders`), records the answer, ends it. */
function endSpan(
  span: Span,
  name: string,
  route: string | undefined,
  response: FinishingResponse,
): void {
  if (route !== undefined) {
    span.updateName(`${name} ${route}`);
    span.setAttribute(ATTR_HTTP_ROUTE, route);
  }
  // Nothing sent means the client went away before an answer: no status to report, and no
  // failure of the server's.
  if (response.headersSent) {
    const status = response.statusCode;
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
    // A server span fails on 5xx only: a 4xx is the client's error, not the server's
    // (https://opentelemetry.io/docs/specs/semconv/http/http-spans/#status).
    if (status >= 500) {
      span.setAttribute(ATTR_ERROR_TYPE, String(status));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
  }
  span.end();
}
