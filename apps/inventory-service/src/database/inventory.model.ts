import { DatabaseModel } from '@railyard/persistence';
import { ProductEntity } from './product.entity';
import { ReservationLineEntity } from './reservation-line.entity';
import { ReservationEntity } from './reservation.entity';
import { InventorySchema1764400000000 } from './migrations/1764400000000-inventory-schema';

/** The tables inventory-service owns (the outbox and inbox come with PersistenceModule). */
export const inventoryModel: DatabaseModel = {
  entities: [ProductEntity, ReservationEntity, ReservationLineEntity],
  migrations: [InventorySchema1764400000000],
};
