import { Module } from '@nestjs/common';
import { CreateOrderHttpController } from './create-order/create-order.http.controller';
import { GetOrderHttpController } from './get-order/get-order.http.controller';
import { OrderDetailsReader } from './get-order/order-details.reader';

/** /orders: placing an order (order-service) and reading it with its parts (all three services). */
@Module({
  controllers: [CreateOrderHttpController, GetOrderHttpController],
  providers: [OrderDetailsReader],
})
export class OrdersModule {}
