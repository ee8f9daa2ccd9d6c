import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Refund } from '@railyard/contracts';
import { ContractPipe, RailyardContext } from '@railyard/messaging';
import { RefundCommand } from './refund.command';

@Controller()
export class RefundMessageController {
  constructor(private readonly commandBus: CommandBus) {}

  @EventPattern(Refund.type)
  handle(
    @Payload(new ContractPipe(Refund)) payload: Refund,
    @Ctx() ctx: RailyardContext,
  ): Promise<void> {
    return this.commandBus.execute(new RefundCommand(ctx.envelopeWith(payload)));
  }
}
