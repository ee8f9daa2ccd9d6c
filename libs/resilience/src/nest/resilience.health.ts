import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { ReadinessCheck } from '@railyard/health';
import { ResilienceRegistry } from '../registry/resilience-registry';

/**
 * Every downstream's breaker and bulkhead, for `/health` details. Always up: a failing downstream
 * is what the breaker is for, not a reason to take this process out of rotation.
 * Use with HealthModule.forRoot({ checks: [ResilienceHealthIndicator] }).
 */
@Injectable()
export class ResilienceHealthIndicator implements ReadinessCheck {
  constructor(
    private readonly registry: ResilienceRegistry,
    private readonly health: HealthIndicatorService,
  ) {}

  async check() {
    return this.health.check('resilience').up(this.registry.snapshot());
  }
}
