import { Injectable, NestMiddleware, Optional } from '@nestjs/common';
import { Histogram } from 'prom-client';
import { RoutedRequest, watchMatchedRoute } from '../http/matched-route';
import { FinishingResponse, whenResponseDone } from '../http/response-done';
import { DURATION_BUCKETS, MetricsRegistry, secondsSince } from './metrics-registry';

interface TimedRequest extends RoutedRequest {
  method: string;
}

/** What `route` reads for a request no route matched (404s, probes of random paths). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Times every HTTP request, labelled by method, route pattern and status. A middleware rather than
 * an interceptor so that requests refused before a handler runs (401, 403, 429, 404) are counted
 * too. Labels stay bounded: the route is the pattern (`/orders/:id`), and an unmatched path is
 * one value whatever a client sends.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  /** Undefined when metrics are off: requests pass untimed. */
  private readonly duration?: Histogram<'method' | 'route' | 'status'>;

  constructor(@Optional() metrics?: MetricsRegistry) {
    this.duration = metrics?.histogram({
      name: 'railyard_http_request_duration_seconds',
      help: 'HTTP requests served, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: DURATION_BUCKETS,
    });
  }

  use(request: TimedRequest, response: FinishingResponse, next: () => void): void {
    const duration = this.duration;
    if (!duration) return next();
    const start = performance.now();
    const matchedRoute = watchMatchedRoute(request);
    // 'close' without 'finish': the client went away first; still a request served (or not).
    whenResponseDone(response, () =>
      duration.observe(
        {
          method: boundedMethod(request.method),
          route: matchedRoute() ?? UNMATCHED_ROUTE,
          status: String(response.statusCode),
        },
        secondsSince(start),
      ),
    );
    next();
  }
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

function boundedMethod(method: string): string {
  return METHODS.has(method) ? method : 'OTHER';
}
