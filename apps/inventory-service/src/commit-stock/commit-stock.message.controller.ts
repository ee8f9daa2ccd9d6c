import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CommitStock } from '@railyard/contracts';
import { ContractPipe, RailyardContext } from '@railyard/messaging';
import { CommitStockCommand } from './commit-stock.command';

@Controller()
export class CommitStockMessageController {
  constructor(private readonly commandBus: CommandBus) {}

  @EventPattern(CommitStock.type)
  async commitStock(
    @Payload(new ContractPipe(CommitStock)) payload: CommitStock,
    @Ctx() ctx: RailyardContext,
  ): Promise<void> {
    await this.commandBus.execute(new CommitStockCommand(ctx.envelopeWith(payload)));
  }
}
