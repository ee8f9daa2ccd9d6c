import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { ProductView, SetProduct } from '@railyard/contracts';
import { ContractPipe, RailyardContext } from '@railyard/messaging';
import { SetProductCommand } from './set-product.command';

@Controller()
export class SetProductMessageController {
  constructor(private readonly commandBus: CommandBus) {}

  @MessagePattern(SetProduct.type)
  setProduct(
    @Payload(new ContractPipe(SetProduct)) payload: SetProduct,
    @Ctx() ctx: RailyardContext,
  ): Promise<ProductView> {
    return this.commandBus.execute(new SetProductCommand(ctx.envelopeWith(payload)));
  }
}
