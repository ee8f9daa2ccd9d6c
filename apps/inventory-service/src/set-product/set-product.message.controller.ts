import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, MessagePattern } from '@nestjs/microservices';
import { InventoryQueries, ProductView } from '@railyard/contracts';
import { RailyardContext } from '@railyard/messaging';
import { SetProductCommand } from './set-product.command';

@Controller()
export class SetProductMessageController {
  constructor(private readonly commandBus: CommandBus) {}

  @MessagePattern(InventoryQueries.setProduct)
  setProduct(@Ctx() ctx: RailyardContext): Promise<ProductView> {
    return this.commandBus.execute(new SetProductCommand(ctx.getEnvelope()));
  }
}
