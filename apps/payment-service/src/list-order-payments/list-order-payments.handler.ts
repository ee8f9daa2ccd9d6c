import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PaymentView } from '@railyard/contracts';
import { UnitOfWork } from '@railyard/persistence';
import { PaymentEntity } from '../database/payment.entity';
import { toPaymentView } from '../domain/views';
import { ListOrderPaymentsQuery } from './list-order-payments.query';

/** An order's money movements, oldest first; an unknown order simply has none. */
@QueryHandler(ListOrderPaymentsQuery)
export class ListOrderPaymentsHandler implements IQueryHandler<ListOrderPaymentsQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ payload }: ListOrderPaymentsQuery): Promise<PaymentView[]> {
    const { orderId } = payload;
    // Through the unit of work for the reason given in GetAccountHandler.
    const payments = await this.uow.run((tx) =>
      tx.getRepository(PaymentEntity).find({
        where: { orderId },
        // A refund always follows its charge; within one millisecond 'CHARGE' < 'REFUND' keeps it so.
        order: { createdAt: 'ASC', type: 'ASC' },
      }),
    );
    return payments.map(toPaymentView);
  }
}
