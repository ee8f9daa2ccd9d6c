import { DynamicModule, FactoryProvider, Module } from '@nestjs/common';
import { MetricsRegistry } from '@railyard/platform';
import { ResilienceRegistry } from '../registry/resilience-registry';
import { ResilienceSettings } from '../settings/resilience-settings';
import { RESILIENCE_OPTIONS } from './resilience.tokens';
import { ResilientBus } from './resilient-bus.service';

export interface ResilienceModuleOptions {
  /** Downstream name (a bus target, `legacy`...) → its settings; one policy each, built at start. */
  downstreams: Record<string, ResilienceSettings>;
}

export interface ResilienceModuleAsyncOptions {
  useFactory: (...args: never[]) => ResilienceModuleOptions | Promise<ResilienceModuleOptions>;
  inject?: FactoryProvider['inject'];
  imports?: DynamicModule['imports'];
}

/**
 * Policies per downstream for the whole app (global): @Resilient() handlers, ResilientBus and
 * ResilienceHealthIndicator all share the registry's instances, and so do the app's metrics when
 * it imports MetricsModule.
 */
@Module({})
export class ResilienceModule {
  static forRoot(options: ResilienceModuleOptions): DynamicModule {
    return ResilienceModule.forRootAsync({ useFactory: () => options });
  }

  static forRootAsync(options: ResilienceModuleAsyncOptions): DynamicModule {
    return {
      module: ResilienceModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        {
          provide: RESILIENCE_OPTIONS,
          useFactory: options.useFactory,
          inject: options.inject ?? [],
        },
        {
          provide: ResilienceRegistry,
          useFactory: (resolved: ResilienceModuleOptions, metrics: MetricsRegistry | undefined) => {
            const registry = ResilienceRegistry.fromSettings(resolved.downstreams);
            if (metrics) registry.exportMetrics(metrics);
            return registry;
          },
          // MetricsModule is global: an app that has it gets the breakers' metrics, one without
          // it (or a test) records nothing and works the same.
          inject: [RESILIENCE_OPTIONS, { token: MetricsRegistry, optional: true }],
        },
        ResilientBus,
      ],
      exports: [RESILIENCE_OPTIONS, ResilienceRegistry, ResilientBus],
    };
  }
}
