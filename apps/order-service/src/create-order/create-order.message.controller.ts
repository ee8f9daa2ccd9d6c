import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { CreateOrder, CreateOrderResult } from '@railyard/contracts';
import { RailyardContext } from '@railyard/messaging';
import { orderPayloadPipe } from '../messaging/order-payload.pipe';
import { CreateOrderCommand } from './create-order.command';

@Controller()
export class CreateOrderMessageController {
  constructor(private readonly commands: CommandBus) {}

  @MessagePattern(CreateOrder.type)
  create(
    @Payload(orderPayloadPipe(CreateOrder)) payload: CreateOrder,
    @Ctx() ctx: RailyardContext,
  ): Promise<CreateOrderResult> {
    return this.commands.execute(new CreateOrderCommand(ctx.envelopeWith(payload)));
  }
}
