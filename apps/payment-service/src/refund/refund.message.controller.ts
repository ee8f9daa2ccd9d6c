import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { PaymentCommands, Refund } from '@railyard/contracts';
import { Envelope, RailyardContext } from '@railyard/messaging';
import { RefundCommand } from './refund.command';

@Controller()
export class RefundMessageController {
  constructor(private readonly commandBus: CommandBus) {}

  @EventPattern(PaymentCommands.refund)
  handle(@Payload() _payload: unknown, @Ctx() ctx: RailyardContext): Promise<void> {
    return this.commandBus.execute(new RefundCommand(ctx.getEnvelope() as Envelope<Refund>));
  }
}
