import { DatabaseModel } from '@railyard/persistence';
import { ProductEntity } from '../domain/product.entity';
import { ReservationLineEntity } from '../domain/reservation-line.entity';
import { ReservationEntity } from '../domain/reservation.entity';
import { InventorySchema1764400000000 } from './migrations/1764400000000-inventory-schema';

/** The tables inventory-service owns (the outbox and inbox come with PersistenceModule). */
export const inventoryModel: DatabaseModel = {
  entities: [ProductEntity, ReservationEntity, ReservationLineEntity],
  migrations: [InventorySchema1764400000000],
};
