import { DynamicModule, Module, Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { TransportHealthIndicator } from './indicators/transport.health';
import { READINESS_CHECKS, ReadinessCheck } from './readiness-check';

export interface HealthModuleOptions {
  /** Readiness checks besides the bus transport (always included). */
  checks?: Type<ReadinessCheck>[];
  imports?: DynamicModule['imports'];
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
        {
          provide: READINESS_CHECKS,
          useFactory: (...instances: ReadinessCheck[]) => instances,
          inject: checks,
        },
      ],
    };
  }
}
