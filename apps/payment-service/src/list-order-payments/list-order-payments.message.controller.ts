import { Controller } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { PaymentQueries, PaymentView } from '@railyard/contracts';
import { ListOrderPaymentsQuery } from './list-order-payments.query';

@Controller()
export class ListOrderPaymentsMessageController {
  constructor(private readonly queryBus: QueryBus) {}

  @MessagePattern(PaymentQueries.listOrderPayments)
  handle(@Payload() payload: unknown): Promise<PaymentView[]> {
    return this.queryBus.execute(new ListOrderPaymentsQuery(payload));
  }
}
