import { SagaTables1764300000200 } from './1764300000200-saga-tables';
import { SagaRetentionIndex1764500000200 } from './1764500000200-saga-retention-index';
import { SagaUpdatedIndex1765000000200 } from './1765000000200-saga-updated-index';
import { SagaInstanceEntity } from './saga-instance.entity';
import { SagaStepLogEntity } from './saga-step-log.entity';

/** Spread into a service's DatabaseModel when it owns sagas. */
export const sagaModel = {
  entities: [SagaInstanceEntity, SagaStepLogEntity],
  migrations: [
    SagaTables1764300000200,
    SagaRetentionIndex1764500000200,
    SagaUpdatedIndex1765000000200,
  ],
};
