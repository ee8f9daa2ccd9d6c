import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { UnitOfWork } from '@railyard/persistence';
import { SagaOptions, SagaRetention } from '../config/saga.config';
import { TERMINAL_STATUSES } from '../machine/saga-state';
import { SAGA_OPTIONS } from '../orchestrator/saga.tokens';

/**
 * Deletes COMPLETED and COMPENSATED sagas, with their step logs, once they have been terminal
 * for SAGA_RETENTION_DAYS; a batch per transaction so a large backlog never holds long locks.
 * Running sagas are never touched (nor FAILED ones, which are resumed).
 */
@Injectable()
export class SagaRetentionSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SagaRetentionSweeper.name);
  private readonly stop = new AbortController();
  private readonly retention: SagaRetention;
  private loop?: Promise<void>;

  constructor(
    private readonly uow: UnitOfWork,
    @Inject(SAGA_OPTIONS) options: SagaOptions,
  ) {
    this.retention = options.retention;
  }

  onApplicationBootstrap(): void {
    if (this.retention.retentionMs > 0) this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.loop;
  }

  /** Deletes every saga past retention, batch by batch; says how many. Exposed for tests. */
  async sweep(now = new Date()): Promise<number> {
    if (this.retention.retentionMs <= 0) return 0; // SAGA_RETENTION_DAYS=0: kept forever
    const cutoff = new Date(now.getTime() - this.retention.retentionMs).toISOString();
    let deleted = 0;
    for (;;) {
      const batch = await this.deleteBatch(cutoff);
      deleted += batch;
      if (batch < this.retention.batch || this.stop.signal.aborted) return deleted;
    }
  }

  private deleteBatch(cutoff: string): Promise<number> {
    return this.uow.run(async (tx) => {
      const rows: Array<{ id: string }> = await tx
        .createQueryBuilder()
        .select('saga.id', 'id')
        .from('saga_instance', 'saga')
        .where('saga.status IN (:...terminal)', { terminal: TERMINAL_STATUSES })
        .andWhere('saga.updated_at < :cutoff', { cutoff })
        .orderBy('saga.updated_at', 'ASC')
        .limit(this.retention.batch)
        .getRawMany();
      if (rows.length === 0) return 0;
      const ids = rows.map((row) => row.id);
      await tx
        .createQueryBuilder()
        .delete()
        .from('saga_step_log')
        .where('saga_id IN (:...ids)', { ids })
        .execute();
      // Status checked again: a row is only ever deleted terminal.
      await tx
        .createQueryBuilder()
        .delete()
        .from('saga_instance')
        .where('id IN (:...ids)', { ids })
        .andWhere('status IN (:...terminal)', { terminal: TERMINAL_STATUSES })
        .execute();
      return ids.length;
    });
  }

  /** Waits a period first: a starting service has more urgent work than old sagas. */
  private async run(): Promise<void> {
    const pause = () =>
      sleep(this.retention.sweepMs, undefined, { signal: this.stop.signal }).catch(() => undefined);
    for (await pause(); !this.stop.signal.aborted; await pause()) {
      try {
        const deleted = await this.sweep();
        if (deleted > 0) this.logger.log(`deleted ${deleted} terminal sagas past retention`);
      } catch (error) {
        this.logger.warn(`saga retention sweep failed: ${(error as Error).message}`);
      }
    }
  }
}
