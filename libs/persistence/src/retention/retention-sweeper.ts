import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { UnitOfWork } from '../unit-of-work/unit-of-work';
import { deleteExpiredRows, EXPIRED } from './delete-expired-rows';
import { RETENTION_OPTIONS, RetentionOptions } from './retention.options';

export interface SweepOutcome {
  outbox: number;
  inbox: number;
}

/**
 * Deletes sent outbox rows and inbox records past their retention window (issue 14 point 8),
 * every OUTBOX_RETENTION_SWEEP_INTERVAL_MS, starting one interval after boot.
 */
@Injectable()
export class RetentionSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RetentionSweeper.name);
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<unknown>;

  constructor(
    private readonly uow: UnitOfWork,
    @Inject(RETENTION_OPTIONS) private readonly options: RetentionOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.outboxMs === 0 && this.options.inboxMs === 0) return;
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweep()
        .catch((error: unknown) => {
          this.logger.warn(`retention sweep failed: ${(error as Error).message}`);
        })
        .finally(() => (this.sweeping = undefined));
    }, this.options.sweepIntervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  async sweep(now = Date.now()): Promise<SweepOutcome> {
    const { outboxMs, inboxMs, batchSize } = this.options;
    const expire = async (windowMs: number, statement: (typeof EXPIRED)[keyof typeof EXPIRED]) =>
      windowMs === 0
        ? 0
        : deleteExpiredRows(this.uow, statement, new Date(now - windowMs), batchSize);
    const outcome = {
      outbox: await expire(outboxMs, EXPIRED.sentOutbox),
      inbox: await expire(inboxMs, EXPIRED.processedInbox),
    };
    if (outcome.outbox + outcome.inbox > 0) {
      this.logger.log(
        `retention: deleted ${outcome.outbox} sent outbox row(s), ${outcome.inbox} inbox row(s)`,
      );
    }
    return outcome;
  }
}
