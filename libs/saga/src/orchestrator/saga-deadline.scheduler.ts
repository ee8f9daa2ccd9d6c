import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { SagaOrchestrator } from './saga-orchestrator';
import { SAGA_TICK_MS } from './saga.tokens';

const BATCH = 100;

/**
 * Finds sagas whose reply is overdue and lets the orchestrator decide (fail the step, resend a
 * compensation). This is also what resumes sagas after a restart: nothing is kept in memory.
 */
@Injectable()
export class SagaDeadlineScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SagaDeadlineScheduler.name);
  private readonly stop = new AbortController();
  private loop?: Promise<void>;

  constructor(
    private readonly orchestrator: SagaOrchestrator,
    @Inject(SAGA_TICK_MS) private readonly tickMs: number,
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

  private async run(): Promise<void> {
    while (!this.stop.signal.aborted) {
      try {
        await this.tick();
      } catch (error) {
        this.logger.warn(`saga deadline scan failed: ${(error as Error).message}`);
      }
      await sleep(this.tickMs, undefined, { signal: this.stop.signal }).catch(() => undefined);
    }
  }
}
