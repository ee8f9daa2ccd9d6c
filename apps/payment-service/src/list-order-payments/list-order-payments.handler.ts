import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { minorUnitsColumn, PaymentView } from '@railyard/contracts';
import { SqlStatement, UnitOfWork } from '@railyard/persistence';
import { ListOrderPaymentsQuery } from './list-order-payments.query';

/**
 * A raw statement: GET /orders/:id asks for these rows on every call, and TypeORM's query builder
 * cost more than the statement (see SqlStatement). A refund always follows its charge; within one
 * millisecond 'CHARGE' < 'REFUND' keeps it so.
 */
const LIST = new SqlStatement(
  'SELECT transaction_id AS "transactionId", type, amount, created_at AS "createdAt" ' +
    'FROM payment WHERE order_id = $1 ORDER BY created_at, type',
);

/** An order's money movements, oldest first; an unknown order simply has none. */
@QueryHandler(ListOrderPaymentsQuery)
export class ListOrderPaymentsHandler implements IQueryHandler<ListOrderPaymentsQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ payload }: ListOrderPaymentsQuery): Promise<PaymentView[]> {
    // Through the unit of work for the reason given in GetAccountHandler.
    const { rows } = await this.uow.run((tx) => LIST.run(tx, [payload.orderId]));
    return rows.map((row) => ({
      type: row.type as PaymentView['type'],
      amount: minorUnitsColumn.from(row.amount as string | number) as number,
      transactionId: row.transactionId as string,
      createdAt: row.createdAt as string,
    }));
  }
}
