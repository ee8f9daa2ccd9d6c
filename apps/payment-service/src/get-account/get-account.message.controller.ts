import { Controller } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AccountView, PaymentQueries } from '@railyard/contracts';
import { GetAccountQuery } from './get-account.query';

@Controller()
export class GetAccountMessageController {
  constructor(private readonly queryBus: QueryBus) {}

  @MessagePattern(PaymentQueries.getAccount)
  handle(@Payload() payload: unknown): Promise<AccountView> {
    return this.queryBus.execute(new GetAccountQuery(payload));
  }
}
