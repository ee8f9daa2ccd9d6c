import { DynamicModule, FactoryProvider, Module } from '@nestjs/common';
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
 * ResilienceHealthIndicator all share the registry's instances.
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
          useFactory: (resolved: ResilienceModuleOptions) =>
            ResilienceRegistry.fromSettings(resolved.downstreams),
          inject: [RESILIENCE_OPTIONS],
        },
        ResilientBus,
      ],
      exports: [RESILIENCE_OPTIONS, ResilienceRegistry, ResilientBus],
    };
  }
}
