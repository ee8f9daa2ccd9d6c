import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ReserveStock } from '@railyard/contracts';
import { ContractPipe, RailyardContext } from '@railyard/messaging';
import { ReserveStockCommand } from './reserve-stock.command';

@Controller()
export class ReserveStockMessageController {
  constructor(private readonly commandBus: CommandBus) {}

  @EventPattern(ReserveStock.type)
  async reserveStock(
    @Payload(new ContractPipe(ReserveStock)) payload: ReserveStock,
    @Ctx() ctx: RailyardContext,
  ): Promise<void> {
    await this.commandBus.execute(new ReserveStockCommand(ctx.envelopeWith(payload)));
  }
}
