import { Query } from '@nestjs/cqrs';
import { PaymentView } from '@railyard/contracts';

/** The raw request payload; the handler validates it. */
export class ListOrderPaymentsQuery extends Query<PaymentView[]> {
  constructor(readonly payload: unknown) {
    super();
  }
}
