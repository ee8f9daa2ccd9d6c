import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { InventoryCommands, ReleaseStock } from '@railyard/contracts';
import { Envelope, RailyardContext } from '@railyard/messaging';
import { ReleaseStockCommand } from './release-stock.command';

@Controller()
export class ReleaseStockMessageController {
  constructor(private readonly commandBus: CommandBus) {}

  @EventPattern(InventoryCommands.releaseStock)
  async releaseStock(@Payload() _payload: unknown, @Ctx() ctx: RailyardContext): Promise<void> {
    const envelope = ctx.getEnvelope() as Envelope<ReleaseStock>;
    await this.commandBus.execute(new ReleaseStockCommand(envelope));
  }
}
