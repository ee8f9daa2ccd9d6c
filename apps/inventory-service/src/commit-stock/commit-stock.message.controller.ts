import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CommitStock, InventoryCommands } from '@railyard/contracts';
import { Envelope, RailyardContext } from '@railyard/messaging';
import { CommitStockCommand } from './commit-stock.command';

@Controller()
export class CommitStockMessageController {
  constructor(private readonly commandBus: CommandBus) {}

  @EventPattern(InventoryCommands.commitStock)
  async commitStock(@Payload() _payload: unknown, @Ctx() ctx: RailyardContext): Promise<void> {
    const envelope = ctx.getEnvelope() as Envelope<CommitStock>;
    await this.commandBus.execute(new CommitStockCommand(envelope));
  }
}
