import { Controller } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ListOrderPayments, PaymentView } from '@railyard/contracts';
import { ContractPipe } from '@railyard/messaging';
import { ListOrderPaymentsQuery } from './list-order-payments.query';

@Controller()
export class ListOrderPaymentsMessageController {
  constructor(private readonly queryBus: QueryBus) {}

  @MessagePattern(ListOrderPayments.type)
  handle(
    @Payload(new ContractPipe(ListOrderPayments)) payload: ListOrderPayments,
  ): Promise<PaymentView[]> {
    return this.queryBus.execute(new ListOrderPaymentsQuery(payload));
  }
}
