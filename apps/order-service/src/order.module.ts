import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PersistenceModule } from '@railyard/persistence';
import { SagaModule } from '@railyard/saga';
import { CancelOrderHandler } from './cancel-order/cancel-order.handler';
import { ConfirmOrderHandler } from './confirm-order/confirm-order.handler';
import { CreateOrderHandler } from './create-order/create-order.handler';
import { CreateOrderMessageController } from './create-order/create-order.message.controller';
import { orderModel } from './database/order.model';
import { OrderLifecycleModule } from './lifecycle/order-lifecycle.module';
import { OrderFulfilmentSaga } from './fulfilment/order-fulfilment.saga';
import { GetOrderHandler } from './get-order/get-order.handler';
import { GetOrderMessageController } from './get-order/get-order.message.controller';

const commandHandlers = [CreateOrderHandler, ConfirmOrderHandler, CancelOrderHandler];
const queryHandlers = [GetOrderHandler];
const controllers = [CreateOrderMessageController, GetOrderMessageController];

/**
 * The order bounded context: its database, use cases and bus handlers. Needs a MessagingModule
 * beside it (the outbox relay publishes through it); the service module and the tests bring one.
 */
@Module({
  imports: [
    PersistenceModule.forRoot({ service: 'order', ...orderModel }),
    CqrsModule.forRoot(),
    OrderLifecycleModule,
    SagaModule.forRoot({ imports: [OrderLifecycleModule], sagas: [OrderFulfilmentSaga] }),
  ],
  controllers,
  providers: [...commandHandlers, ...queryHandlers],
  // SagaModule for /health (SagaHealthIndicator reads its StuckSagas).
  exports: [OrderLifecycleModule, SagaModule],
})
export class OrderModule {}
