import { SagaCountsView } from '@railyard/contracts';
import { UnitOfWork } from '@railyard/persistence';
import { SAGA_STATUSES, SagaStatus } from '../machine/saga-state';
import { SagaInstanceEntity } from '../persistence/saga-instance.entity';

/**
 * The service's sagas by status, for its status answer: one statement, which the index leading
 * with status (saga_instance_due) serves; retention keeps the terminal ones bounded.
 */
export async function countSagasByStatus(uow: UnitOfWork): Promise<SagaCountsView> {
  const rows: Array<{ status: SagaStatus; count: string | number }> = await uow.dataSource
    .getRepository(SagaInstanceEntity)
    .createQueryBuilder('saga')
    .select('saga.status', 'status')
    .addSelect('COUNT(*)', 'count')
    .groupBy('saga.status')
    .getRawMany();
  const counts = Object.fromEntries(SAGA_STATUSES.map((status) => [status, 0])) as SagaCountsView;
  // COUNT is a bigint on PostgreSQL, which the driver hands over as a string.
  for (const { status, count } of rows) if (status in counts) counts[status] = Number(count);
  return counts;
}
