import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Charge, PaymentCommands } from '@railyard/contracts';
import { Envelope, RailyardContext } from '@railyard/messaging';
import { ChargeCommand } from './charge.command';

@Controller()
export class ChargeMessageController {
  constructor(private readonly commandBus: CommandBus) {}

  @EventPattern(PaymentCommands.charge)
  handle(@Payload() _payload: unknown, @Ctx() ctx: RailyardContext): Promise<void> {
    return this.commandBus.execute(new ChargeCommand(ctx.getEnvelope() as Envelope<Charge>));
  }
}
