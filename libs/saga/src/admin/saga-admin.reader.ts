import { Inject, Injectable } from '@nestjs/common';
import {
  SAGA_ADMIN_LIMITS,
  SagaDetailView,
  PayloadOf,
  SagaAdminContracts,
  SagaPageView,
  SagaSummaryView,
} from '@railyard/contracts';
import { UnitOfWork } from '@railyard/persistence';
import { AnySagaDefinition } from '../definition/saga-definition';
import { SagaClock } from '../orchestrator/saga-clock';
import { SAGA_DEFINITIONS } from '../orchestrator/saga.tokens';
import { SagaInstanceEntity } from '../persistence/saga-instance.entity';
import { SagaStepLogEntity } from '../persistence/saga-step-log.entity';
import { formatSagaCursor, parseSagaCursor } from './saga-cursor';

type ListQuery = PayloadOf<SagaAdminContracts['list']>;

/**
 * What an operator reads of this service's sagas (the saga admin requests, issue 17): pages of
 * them by state and age, and one with its steps and timeline. Reads only, outside any transition:
 * a page is as of its query, and the next page continues after its last saga.
 */
@Injectable()
export class SagaAdminReader {
  private readonly definitions: ReadonlyMap<string, AnySagaDefinition>;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: SagaClock,
    @Inject(SAGA_DEFINITIONS) definitions: AnySagaDefinition[],
  ) {
    this.definitions = new Map(definitions.map((definition) => [definition.type, definition]));
  }

  /**
   * Most recently updated first, ties by id; `olderThanSeconds` keeps those not updated since.
   * Served by the saga_instance_updated index, or saga_instance_retention when filtered by state.
   */
  async list({ statuses, olderThanSeconds, limit, after }: ListQuery): Promise<SagaPageView> {
    const query = this.uow.dataSource
      .getRepository(SagaInstanceEntity)
      .createQueryBuilder('saga')
      .orderBy('saga.updatedAt', 'DESC')
      .addOrderBy('saga.id', 'DESC')
      // One more than asked: whether there is a next page, without counting.
      .limit(limit + 1);
    if (statuses) query.andWhere('saga.status IN (:...statuses)', { statuses });
    if (olderThanSeconds !== undefined) {
      // As updated_at is written: by the saga clock, in ISO form, which sorts as time.
      const cutoff = new Date(this.clock.now().getTime() - olderThanSeconds * 1000).toISOString();
      query.andWhere('saga.updatedAt <= :cutoff', { cutoff });
    }
    if (after) {
      const cursor = parseSagaCursor(after);
      query.andWhere(
        '(saga.updatedAt < :afterAt OR (saga.updatedAt = :afterAt AND saga.id < :afterId))',
        { afterAt: cursor.updatedAt, afterId: cursor.id },
      );
    }
    const rows = await query.getMany();
    const entries = rows.slice(0, limit).map((row) => this.summary(row));
    const last = entries.at(-1);
    return rows.length > limit && last ? { entries, next: formatSagaCursor(last) } : { entries };
  }

  /** The saga with its context, its definition's steps and its latest timeline; null if none. */
  async show(id: string): Promise<SagaDetailView | null> {
    const { manager } = this.uow.dataSource;
    const row = await manager.getRepository(SagaInstanceEntity).findOneBy({ id });
    if (!row) return null;
    const latest = await manager.getRepository(SagaStepLogEntity).find({
      where: { sagaId: id },
      order: { sequence: 'DESC' },
      take: SAGA_ADMIN_LIMITS.maxTimeline,
    });
    const steps = this.definitions.get(row.type)?.steps ?? [];
    return {
      ...this.summary(row),
      context: JSON.parse(row.context) as unknown,
      steps: steps.map((step) => ({
        name: step.name,
        action: step.action.type,
        compensation: step.compensation?.type ?? null,
      })),
      timeline: latest.reverse().map(({ step, event, detail, at }) => ({
        step,
        stepName: this.stepName(row.type, step),
        event,
        detail,
        at,
      })),
    };
  }

  private summary(row: SagaInstanceEntity): SagaSummaryView {
    return {
      id: row.id,
      type: row.type,
      status: row.status,
      step: row.step,
      stepName: this.stepName(row.type, row.step),
      attempt: row.attempt,
      deadline: row.deadline,
      reason: row.reason,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  /** A row of a saga type this version no longer defines still shows, its steps by number. */
  private stepName(type: string, step: number): string {
    return this.definitions.get(type)?.steps[step]?.name ?? `step ${step}`;
  }
}
