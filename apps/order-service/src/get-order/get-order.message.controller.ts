import { parsePayload } from '@railyard/platform';
import { Controller } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { OrderErrors, OrderQueries, OrderView } from '@railyard/contracts';
import { GetOrderQuery } from './get-order.query';

const getOrderSchema = z.object({ orderId: z.string().min(1).max(64) });

@Controller()
export class GetOrderMessageController {
  constructor(private readonly queries: QueryBus) {}

  @MessagePattern(OrderQueries.getOrder)
  get(@Payload() payload: unknown): Promise<OrderView> {
    const { orderId } = parsePayload(getOrderSchema, payload, {
      code: OrderErrors.invalid,
      what: 'order',
    });
    return this.queries.execute(new GetOrderQuery(orderId));
  }
}
