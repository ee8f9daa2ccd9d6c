import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Charge } from '@railyard/contracts';
import { ContractPipe, RailyardContext } from '@railyard/messaging';
import { ChargeCommand } from './charge.command';

@Controller()
export class ChargeMessageController {
  constructor(private readonly commandBus: CommandBus) {}

  @EventPattern(Charge.type)
  handle(
    @Payload(new ContractPipe(Charge)) payload: Charge,
    @Ctx() ctx: RailyardContext,
  ): Promise<void> {
    return this.commandBus.execute(new ChargeCommand(ctx.envelopeWith(payload)));
  }
}
