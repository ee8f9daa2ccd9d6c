import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { ReadinessCheck } from '@railyard/health';
import { StuckSagas } from './stuck-sagas';

/**
 * Always up: a stuck saga waits on another service, and restarting this one would not help it.
 * The details say how many sagas are stuck and for how long, for a dashboard or an alert.
 */
@Injectable()
export class SagaHealthIndicator implements ReadinessCheck {
  constructor(
    private readonly stuckSagas: StuckSagas,
    private readonly health: HealthIndicatorService,
  ) {}

  async check() {
    const session = this.health.check('sagas');
    try {
      return session.up(await this.stuckSagas.summary());
    } catch (error) {
      // The database check reports an unreachable database; this one stays up regardless.
      return session.up({ error: (error as Error).message });
    }
  }
}
