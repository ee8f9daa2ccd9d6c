import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { PROBE_ROUTES } from '../http/probe-routes';
import { HttpServerSpanMiddleware } from './http-server-span.middleware';

/**
 * A SERVER span for every HTTP request but the probes' (see HttpServerSpanMiddleware), for an app
 * whose HTTP requests start work worth tracing: the gateway. Spans only while tracing is on
 * (startTracing); TracingModule still does the flushing.
 */
@Module({})
export class HttpTracingModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(HttpServerSpanMiddleware)
      .exclude(...PROBE_ROUTES)
      .forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
