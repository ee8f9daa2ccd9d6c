import { Query } from '@nestjs/cqrs';
import { ListOrderPayments, PaymentView } from '@railyard/contracts';

/** The payload is validated by the contract's pipe. */
export class ListOrderPaymentsQuery extends Query<PaymentView[]> {
  constructor(readonly payload: ListOrderPayments) {
    super();
  }
}
