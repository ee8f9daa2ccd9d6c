import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { AccountView, SetAccount } from '@railyard/contracts';
import { ContractPipe, RailyardContext } from '@railyard/messaging';
import { SetAccountCommand } from './set-account.command';

@Controller()
export class SetAccountMessageController {
  constructor(private readonly commandBus: CommandBus) {}

  @MessagePattern(SetAccount.type)
  handle(
    @Payload(new ContractPipe(SetAccount)) payload: SetAccount,
    @Ctx() ctx: RailyardContext,
  ): Promise<AccountView> {
    return this.commandBus.execute(new SetAccountCommand(ctx.envelopeWith(payload)));
  }
}
