import { DatabaseModel } from '@railyard/persistence';
import { OrderEntity } from '../domain/order.entity';
import { OrderSchema1764300000100 } from './migrations/1764300000100-order-schema';

/** The tables order-service owns (the outbox and inbox come with PersistenceModule). */
export const orderModel: DatabaseModel = {
  entities: [OrderEntity],
  migrations: [OrderSchema1764300000100],
};
