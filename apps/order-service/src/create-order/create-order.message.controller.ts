import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, MessagePattern } from '@nestjs/microservices';
import { CreateOrder, CreateOrderResult, OrderQueries } from '@railyard/contracts';
import { Envelope, RailyardContext } from '@railyard/messaging';
import { CreateOrderCommand } from './create-order.command';

@Controller()
export class CreateOrderMessageController {
  constructor(private readonly commands: CommandBus) {}

  @MessagePattern(OrderQueries.createOrder)
  create(@Ctx() ctx: RailyardContext): Promise<CreateOrderResult> {
    return this.commands.execute(
      new CreateOrderCommand(ctx.getEnvelope() as Envelope<CreateOrder>),
    );
  }
}
