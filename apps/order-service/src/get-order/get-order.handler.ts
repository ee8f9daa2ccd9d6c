import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { OrderErrors, OrderView } from '@railyard/contracts';
import { SqlStatement, UnitOfWork } from '@railyard/persistence';
import { CodedError } from '@railyard/platform';
import { orderFromRow, ORDER_COLUMNS } from '../database/order.sql';
import { toOrderView } from '../domain/order.view';
import { GetOrderQuery } from './get-order.query';

/** A raw statement: GET /orders/:id asks for this row on every call (see SqlStatement). */
const FIND = new SqlStatement(`SELECT ${ORDER_COLUMNS} FROM customer_order WHERE id = $1`);

@QueryHandler(GetOrderQuery)
export class GetOrderHandler implements IQueryHandler<GetOrderQuery, OrderView> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ orderId }: GetOrderQuery): Promise<OrderView> {
    // Through the unit of work: on SQLite a read beside it shares the connection of a transaction
    // in progress and saw its writes before they were committed, or rolled back.
    const { rows } = await this.uow.run((tx) => FIND.run(tx, [orderId]));
    if (rows.length === 0) throw new CodedError(OrderErrors.notFound, `no order ${orderId}`);
    return toOrderView(orderFromRow(rows[0]));
  }
}
