import { DynamicModule, Module, Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { TransportHealthIndicator } from './indicators/transport.health';
import { HEALTH_DETAILS_SHOWN, READINESS_CHECKS, ReadinessCheck } from './readiness-check';

export interface HealthModuleOptions {
  /** Readiness checks besides the bus transport (always included). */
  checks?: Type<ReadinessCheck>[];
  imports?: DynamicModule['imports'];
  /**
   * Whether a request may see each check's details (states, counters, addresses); without them
   * it gets the status and up/down per check. Default: everyone (a service's own port).
   */
  showDetails?: (request: unknown) => boolean;
}

@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions = {}): DynamicModule {
    const checks: Type<ReadinessCheck>[] = [TransportHealthIndicator, ...(options.checks ?? [])];
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false }), ...(options.imports ?? [])],
      controllers: [HealthController],
      providers: [
        ...checks,
        { provide: HEALTH_DETAILS_SHOWN, useValue: options.showDetails ?? (() => true) },
        {
          provide: READINESS_CHECKS,
          useFactory: (...instances: ReadinessCheck[]) => instances,
          inject: checks,
        },
      ],
    };
  }
}
