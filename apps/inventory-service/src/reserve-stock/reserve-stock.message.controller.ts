import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { InventoryCommands, ReserveStock } from '@railyard/contracts';
import { Envelope, RailyardContext } from '@railyard/messaging';
import { ReserveStockCommand } from './reserve-stock.command';

@Controller()
export class ReserveStockMessageController {
  constructor(private readonly commandBus: CommandBus) {}

  @EventPattern(InventoryCommands.reserveStock)
  async reserveStock(@Payload() _payload: unknown, @Ctx() ctx: RailyardContext): Promise<void> {
    const envelope = ctx.getEnvelope() as Envelope<ReserveStock>;
    await this.commandBus.execute(new ReserveStockCommand(envelope));
  }
}
