import { DatabaseModel } from '@railyard/persistence';
import { sagaModel } from '@railyard/saga';
import { OrderEntity } from './order.entity';
import { OrderSchema1764300000100 } from './migrations/1764300000100-order-schema';
import { OrderTotalBigint1764950000100 } from './migrations/1764950000100-order-total-bigint';

/** The tables order-service owns (the outbox and inbox come with PersistenceModule), the saga tables included. */
export const orderModel: DatabaseModel = {
  entities: [OrderEntity, ...sagaModel.entities],
  migrations: [OrderSchema1764300000100, OrderTotalBigint1764950000100, ...sagaModel.migrations],
};
