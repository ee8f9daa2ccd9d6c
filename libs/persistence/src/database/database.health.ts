import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { ReadinessCheck } from '@railyard/health';
import { OutboxAdmin } from '../outbox/outbox-admin';

const PING_TIMEOUT_MS = 1_000;

/**
 * Up when the service's own database answers a trivial query within a second. Its details count
 * the outbox rows pending and parked: a parked row is for an operator, not a reason to stop traffic.
 */
@Injectable()
export class DatabaseHealthIndicator implements ReadinessCheck {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly health: HealthIndicatorService,
    private readonly outbox: OutboxAdmin,
  ) {}

  async check() {
    const session = this.health.check('database');
    const kind = this.dataSource.options.type;
    let timer: NodeJS.Timeout | undefined;
    try {
      const outbox = await Promise.race([
        this.outbox.stats(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer in ${PING_TIMEOUT_MS} ms`)),
            PING_TIMEOUT_MS,
          );
        }),
      ]);
      return session.up({ kind, outbox });
    } catch (error) {
      return session.down({ kind, error: (error as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }
}
