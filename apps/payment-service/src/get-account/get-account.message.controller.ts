import { Controller } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AccountView, GetAccount } from '@railyard/contracts';
import { ContractPipe } from '@railyard/messaging';
import { GetAccountQuery } from './get-account.query';

@Controller()
export class GetAccountMessageController {
  constructor(private readonly queryBus: QueryBus) {}

  @MessagePattern(GetAccount.type)
  handle(@Payload(new ContractPipe(GetAccount)) payload: GetAccount): Promise<AccountView> {
    return this.queryBus.execute(new GetAccountQuery(payload));
  }
}
