import {
  DynamicModule,
  MiddlewareConsumer,
  Module,
  NestModule,
  Optional,
  RequestMethod,
} from '@nestjs/common';
import { collectDefaultMetrics } from 'prom-client';
import { AppConfig, OPTIONAL_APP_CONFIG } from '../config/app-config';
import { commonEnvSchema } from '../config/common-env.schema';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { METRICS_ALLOWED, MetricsController } from './metrics.controller';
import { MetricsRegistry } from './metrics-registry';

const METRICS_SECTION = commonEnvSchema.pick({ METRICS_ENABLED: true });

export interface MetricsModuleOptions {
  /** Whether a request may read `/metrics`. Default: every caller (a service's own port). */
  allowed?: (request: unknown) => boolean;
  /**
   * Node's process metrics (CPU, memory, event-loop lag, GC) as well. Default true; off where many
   * apps share one process (tests), since prom-client cannot stop the collectors it starts.
   */
  processMetrics?: boolean;
  /**
   * Whether to record at all. Default: METRICS_ENABLED from the app's config (true when the
   * module is used without one, as in tests). Off, the registry is undefined: every lib already
   * treats it as optional and records nothing, and `/metrics` answers 404.
   */
  enabled?: boolean;
}

/**
 * An app's metrics: MetricsRegistry for every lib to record into (global, so the bus, sagas,
 * outbox and breakers find it without importing this module), `GET /metrics` to read them, and
 * every HTTP request timed. A lib module injects the registry optionally and records nothing
 * without it.
 */
@Module({})
export class MetricsModule implements NestModule {
  constructor(@Optional() private readonly metrics?: MetricsRegistry) {}

  static forRoot(options: MetricsModuleOptions = {}): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      controllers: [MetricsController],
      providers: [
        {
          provide: MetricsRegistry,
          inject: [OPTIONAL_APP_CONFIG],
          useFactory: (appConfig?: AppConfig): MetricsRegistry | undefined => {
            const enabled =
              options.enabled ??
              appConfig?.section(METRICS_SECTION, 'MetricsModule').METRICS_ENABLED ??
              true;
            if (!enabled) return undefined;
            const metrics = new MetricsRegistry();
            if (options.processMetrics ?? true)
              collectDefaultMetrics({ register: metrics.registry });
            return metrics;
          },
        },
        { provide: METRICS_ALLOWED, useValue: options.allowed ?? (() => true) },
        HttpMetricsMiddleware,
      ],
      exports: [MetricsRegistry],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // Metrics off: no middleware, so a request pays not even Nest's layer for it.
    if (!this.metrics) return;
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
