import { Inject, Injectable } from '@nestjs/common';
import { UnitOfWork } from '@railyard/persistence';
import { SagaSettings } from '../machine/saga-settings';
import { SagaInstanceEntity } from '../persistence/saga-instance.entity';
import { SAGA_SETTINGS } from '../orchestrator/saga.tokens';

/** A type, not an interface: terminus takes it as a record of details. */
export type StuckSagaSummary = {
  /** Sagas whose compensation went unanswered past SAGA_COMPENSATION_ATTEMPTS sends. */
  stuck: number;
  oldestStuckId: string | null;
  /** Age of the oldest stuck saga (since it started), in ms; 0 when none is stuck. */
  oldestStuckAgeMs: number;
};

/** Counts the sagas still resending a compensation nobody answers (FAILED ones an older version left too). */
@Injectable()
export class StuckSagas {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(SAGA_SETTINGS) private readonly settings: SagaSettings,
  ) {}

  async summary(now = new Date()): Promise<StuckSagaSummary> {
    const query = this.uow.dataSource
      .getRepository(SagaInstanceEntity)
      .createQueryBuilder('saga')
      .where('saga.status IN (:...statuses)', { statuses: ['COMPENSATING', 'FAILED'] })
      .andWhere('saga.attempt > :attempts', {
        attempts: this.settings.compensation.stuckAfterAttempts,
      });
    // One after the other: a probe should not take two pool connections.
    const stuck = await query.getCount();
    const oldest = stuck > 0 ? await query.orderBy('saga.createdAt', 'ASC').getOne() : null;
    return {
      stuck,
      oldestStuckId: oldest?.id ?? null,
      oldestStuckAgeMs: oldest ? Math.max(0, now.getTime() - Date.parse(oldest.createdAt)) : 0,
    };
  }
}
