import { Injectable, NestMiddleware, Optional } from '@nestjs/common';
import { Histogram } from 'prom-client';
import { DURATION_BUCKETS, MetricsRegistry, secondsSince } from './metrics-registry';

interface RoutedRequest {
  method: string;
  baseUrl?: string;
  /** Set by Express on the request once a route matched: its pattern, never the concrete path. */
  route?: { path?: unknown };
}

interface FinishingResponse {
  statusCode: number;
  once(event: 'finish' | 'close', listener: () => void): unknown;
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

  use(request: RoutedRequest, response: FinishingResponse, next: () => void): void {
    const duration = this.duration;
    if (!duration) return next();
    const start = performance.now();
    // Nest mounts this middleware as a route of its own: until a handler's route replaces it,
    // request.route is this one, which says nothing about the request.
    const ownRoute = request.route;
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      duration.observe(
        {
          method: boundedMethod(request.method),
          route: request.route === ownRoute ? UNMATCHED_ROUTE : routeOf(request),
          status: String(response.statusCode),
        },
        secondsSince(start),
      );
    };
    // 'close' without 'finish': the client went away first; still a request served (or not).
    response.once('finish', record);
    response.once('close', record);
    next();
  }
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

function boundedMethod(method: string): string {
  return METHODS.has(method) ? method : 'OTHER';
}

function routeOf(request: RoutedRequest): string {
  const path = request.route?.path;
  if (typeof path !== 'string') return UNMATCHED_ROUTE;
  return `${request.baseUrl ?? ''}${path}`;
}
