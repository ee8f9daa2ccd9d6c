import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { In } from 'typeorm';
import { UnitOfWork } from '@railyard/persistence';
import { SagaInstanceEntity } from '../persistence/saga-instance.entity';
import { SagaStepLogEntity } from '../persistence/saga-step-log.entity';
import { FindSagasQuery } from './find-sagas.query';
import { SagaView } from './saga.view';

@QueryHandler(FindSagasQuery)
export class FindSagasHandler implements IQueryHandler<FindSagasQuery, SagaView[]> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ status, limit }: FindSagasQuery): Promise<SagaView[]> {
    const { manager } = this.uow.dataSource;
    const rows = await manager.getRepository(SagaInstanceEntity).find({
      where: status ? { status } : {},
      order: { updatedAt: 'DESC' },
      take: limit,
    });
    if (rows.length === 0) return [];
    const logs = await manager.getRepository(SagaStepLogEntity).find({
      where: { sagaId: In(rows.map((r) => r.id)) },
      order: { sequence: 'ASC' },
    });
    return rows.map((row) => ({
      ...row,
      context: JSON.parse(row.context) as unknown,
      log: logs
        .filter((l) => l.sagaId === row.id)
        .map(({ step, event, detail, at }) => ({ step, event, detail, at })),
    }));
  }
}
