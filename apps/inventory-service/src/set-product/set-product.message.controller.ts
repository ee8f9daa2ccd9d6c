import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InventoryQueries, ProductView } from '@railyard/contracts';
import { SetProductCommand } from './set-product.command';

@Controller()
export class SetProductMessageController {
  constructor(private readonly commandBus: CommandBus) {}

  @MessagePattern(InventoryQueries.setProduct)
  setProduct(@Payload() payload: unknown): Promise<ProductView> {
    return this.commandBus.execute(new SetProductCommand(payload));
  }
}
