import { HealthIndicatorResult } from '@nestjs/terminus';

/** One thing a service needs before it takes traffic (a database, the bus consumer, ...). */
export interface ReadinessCheck {
  check(): Promise<HealthIndicatorResult>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
