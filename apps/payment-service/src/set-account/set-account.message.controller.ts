import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, MessagePattern } from '@nestjs/microservices';
import { AccountView, PaymentQueries } from '@railyard/contracts';
import { RailyardContext } from '@railyard/messaging';
import { SetAccountCommand } from './set-account.command';

@Controller()
export class SetAccountMessageController {
  constructor(private readonly commandBus: CommandBus) {}

  @MessagePattern(PaymentQueries.setAccount)
  handle(@Ctx() ctx: RailyardContext): Promise<AccountView> {
    return this.commandBus.execute(new SetAccountCommand(ctx.getEnvelope()));
  }
}
