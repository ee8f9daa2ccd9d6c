import { HealthIndicatorResult } from '@nestjs/terminus';

/** One thing a service needs before it takes traffic (a database, the bus consumer, ...). */
export interface ReadinessCheck {
  check(): Promise<HealthIndicatorResult>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

/** `(request) => boolean`: may this caller see the checks' details (HealthModuleOptions)? */
export const HEALTH_DETAILS_SHOWN = Symbol('HEALTH_DETAILS_SHOWN');
