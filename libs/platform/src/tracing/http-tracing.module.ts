import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { PROBE_ROUTES } from '../http/probe-routes';
import { HttpServerSpanMiddleware } from './http-server-span.middleware';
import { railyardTracer } from './railyard-tracer';

/**
 * A SERVER span for every HTTP request but the probes' (see HttpServerSpanMiddleware), for an app
 * whose HTTP requests start work worth tracing: the gateway. Spans only while tracing is on
 * (startTracing); TracingModule still does the flushing. With tracing off when the app is built
 * (startTracing runs first), nothing is mounted: Nest's route-exclusion check alone, run for
 * every request before the middleware's own tracer check, cost more than that check.
 */
@Module({})
export class HttpTracingModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    if (!railyardTracer()) return;
    consumer
      .apply(HttpServerSpanMiddleware)
      .exclude(...PROBE_ROUTES)
      .forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
