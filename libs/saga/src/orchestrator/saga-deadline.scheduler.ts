import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { SagaOptions } from '../config/saga.config';
import { StuckSagas } from '../health/stuck-sagas';
import { SagaOrchestrator } from './saga-orchestrator';
import { SAGA_OPTIONS } from './saga.tokens';

const BATCH = 100;

/**
 * Finds sagas whose reply is overdue and lets the orchestrator decide (fail the step, resend a
 * compensation). This is also what resumes sagas after a restart: nothing is kept in memory; and
 * FAILED sagas an older version gave up on. Stuck sagas are summarised in the log now and then.
 */
@Injectable()
export class SagaDeadlineScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SagaDeadlineScheduler.name);
  private readonly stop = new AbortController();
  private loop?: Promise<void>;
  private lastStuckReport = 0;

  constructor(
    private readonly orchestrator: SagaOrchestrator,
    private readonly stuckSagas: StuckSagas,
    @Inject(SAGA_OPTIONS) private readonly options: SagaOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await this.loop;
  }

  /** One pass over overdue sagas; exposed for tests. */
  async tick(): Promise<number> {
    const due = await this.orchestrator.overdue(BATCH);
    for (const id of due) {
      if (this.stop.signal.aborted) break;
      await this.orchestrator.handleDeadline(id).catch((error: unknown) => {
        this.logger.warn(`deadline of saga ${id}: ${(error as Error).message}`);
      });
    }
    return due.length;
  }

  /** At most every SAGA_STUCK_LOG_INTERVAL_MS: how many sagas wait on an unanswered compensation. */
  private async reportStuck(): Promise<void> {
    if (Date.now() - this.lastStuckReport < this.options.stuckLogIntervalMs) return;
    this.lastStuckReport = Date.now();
    const { stuck, oldestStuckId, oldestStuckAgeMs } = await this.stuckSagas.summary();
    if (stuck === 0) return;
    this.logger.warn(
      `${stuck} saga(s) stuck on an unanswered compensation, still resending; oldest ` +
        `${oldestStuckId}, started ${Math.round(oldestStuckAgeMs / 1000)} s ago (see /health)`,
    );
  }

  private async run(): Promise<void> {
    while (!this.stop.signal.aborted) {
      try {
        await this.tick();
        await this.reportStuck();
      } catch (error) {
        this.logger.warn(`saga deadline scan failed: ${(error as Error).message}`);
      }
      await sleep(this.options.tickMs, undefined, { signal: this.stop.signal }).catch(
        () => undefined,
      );
    }
  }
}
