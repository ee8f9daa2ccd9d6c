import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PersistenceModule } from '@railyard/persistence';
import { CommitStockHandler } from './commit-stock/commit-stock.handler';
import { CommitStockMessageController } from './commit-stock/commit-stock.message.controller';
import { inventoryModel } from './database/inventory.model';
import { GetProductHandler } from './get-product/get-product.handler';
import { GetProductMessageController } from './get-product/get-product.message.controller';
import { GetReservationHandler } from './get-reservation/get-reservation.handler';
import { GetReservationMessageController } from './get-reservation/get-reservation.message.controller';
import { ReleaseStockHandler } from './release-stock/release-stock.handler';
import { ReleaseStockMessageController } from './release-stock/release-stock.message.controller';
import { ReserveStockHandler } from './reserve-stock/reserve-stock.handler';
import { ReserveStockMessageController } from './reserve-stock/reserve-stock.message.controller';
import { SetProductHandler } from './set-product/set-product.handler';
import { SetProductMessageController } from './set-product/set-product.message.controller';

const commandHandlers = [
  ReserveStockHandler,
  ReleaseStockHandler,
  CommitStockHandler,
  SetProductHandler,
];

const queryHandlers = [GetProductHandler, GetReservationHandler];

const controllers = [
  ReserveStockMessageController,
  ReleaseStockMessageController,
  CommitStockMessageController,
  SetProductMessageController,
  GetProductMessageController,
  GetReservationMessageController,
];

/**
 * The inventory bounded context: its database, use cases and bus handlers. Needs a MessagingModule
 * beside it (the outbox relay publishes through it); the service module and the tests bring one.
 */
@Module({
  imports: [
    PersistenceModule.forRoot({ service: 'inventory', ...inventoryModel }),
    CqrsModule.forRoot(),
  ],
  controllers,
  providers: [...commandHandlers, ...queryHandlers],
})
export class InventoryModule {}
