import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { OrderErrors, OrderView } from '@railyard/contracts';
import { UnitOfWork } from '@railyard/persistence';
import { CodedError } from '@railyard/platform';
import { OrderEntity } from '../database/order.entity';
import { toOrderView } from '../domain/order.view';
import { GetOrderQuery } from './get-order.query';

@QueryHandler(GetOrderQuery)
export class GetOrderHandler implements IQueryHandler<GetOrderQuery, OrderView> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ orderId }: GetOrderQuery): Promise<OrderView> {
    // Through the unit of work: on SQLite a read beside it shares the connection of a transaction
    // in progress and saw its writes before they were committed, or rolled back.
    const order = await this.uow.run((tx) =>
      tx.getRepository(OrderEntity).findOneBy({ id: orderId }),
    );
    if (!order) throw new CodedError(OrderErrors.notFound, `no order ${orderId}`);
    return toOrderView(order);
  }
}
