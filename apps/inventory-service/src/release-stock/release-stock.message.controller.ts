import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ReleaseStock } from '@railyard/contracts';
import { ContractPipe, RailyardContext } from '@railyard/messaging';
import { ReleaseStockCommand } from './release-stock.command';

@Controller()
export class ReleaseStockMessageController {
  constructor(private readonly commandBus: CommandBus) {}

  @EventPattern(ReleaseStock.type)
  async releaseStock(
    @Payload(new ContractPipe(ReleaseStock)) payload: ReleaseStock,
    @Ctx() ctx: RailyardContext,
  ): Promise<void> {
    await this.commandBus.execute(new ReleaseStockCommand(ctx.envelopeWith(payload)));
  }
}
