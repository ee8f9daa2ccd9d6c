import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { ReadinessCheck } from '@railyard/health';

const PING_TIMEOUT_MS = 1_000;

/** Up when the service's own database answers a trivial query within a second. */
@Injectable()
export class DatabaseHealthIndicator implements ReadinessCheck {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly health: HealthIndicatorService,
  ) {}

  async check() {
    const session = this.health.check('database');
    const kind = this.dataSource.options.type;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer in ${PING_TIMEOUT_MS} ms`)),
            PING_TIMEOUT_MS,
          );
        }),
      ]);
      return session.up({ kind });
    } catch (error) {
      return session.down({ kind, error: (error as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }
}
