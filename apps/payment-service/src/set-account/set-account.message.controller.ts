import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AccountView, PaymentQueries } from '@railyard/contracts';
import { SetAccountCommand } from './set-account.command';

@Controller()
export class SetAccountMessageController {
  constructor(private readonly commandBus: CommandBus) {}

  @MessagePattern(PaymentQueries.setAccount)
  handle(@Payload() payload: unknown): Promise<AccountView> {
    return this.commandBus.execute(new SetAccountCommand(payload));
  }
}
