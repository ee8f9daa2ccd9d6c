import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { OrderErrors, OrderView } from '@railyard/contracts';
import { CodedError } from '@railyard/platform';
import { OrderEntity } from '../database/order.entity';
import { toOrderView } from '../domain/order.view';
import { GetOrderQuery } from './get-order.query';

@QueryHandler(GetOrderQuery)
export class GetOrderHandler implements IQueryHandler<GetOrderQuery, OrderView> {
  constructor(@InjectRepository(OrderEntity) private readonly orders: Repository<OrderEntity>) {}

  async execute({ orderId }: GetOrderQuery): Promise<OrderView> {
    const order = await this.orders.findOneBy({ id: orderId });
    if (!order) throw new CodedError(OrderErrors.notFound, `no order ${orderId}`);
    return toOrderView(order);
  }
}
