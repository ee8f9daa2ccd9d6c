import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { MESSAGING_TRANSPORT, MessagingMetrics, Transport } from '@railyard/messaging';
import { ReadinessCheck } from '../readiness-check';

/**
 * Up while the bus is connected and, for a service with handlers, consuming. Counters ride along
 * so a probe shows dead-lettered and invalid messages too.
 */
@Injectable()
export class TransportHealthIndicator implements ReadinessCheck {
  constructor(
    @Inject(MESSAGING_TRANSPORT) private readonly transport: Transport,
    private readonly health: HealthIndicatorService,
  ) {}

  async check() {
    const session = this.health.check('transport');
    const status = this.transport.status();
    const metrics = (this.transport as { metrics?: MessagingMetrics }).metrics?.snapshot();
    const details = { ...status, ...(metrics ? { metrics } : {}) };
    return status.connected ? session.up(details) : session.down(details);
  }
}
