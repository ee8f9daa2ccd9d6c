import { Controller } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetOrder, OrderView } from '@railyard/contracts';
import { orderPayloadPipe } from '../messaging/order-payload.pipe';
import { GetOrderQuery } from './get-order.query';

@Controller()
export class GetOrderMessageController {
  constructor(private readonly queries: QueryBus) {}

  @MessagePattern(GetOrder.type)
  get(@Payload(orderPayloadPipe(GetOrder)) { orderId }: GetOrder): Promise<OrderView> {
    return this.queries.execute(new GetOrderQuery(orderId));
  }
}
