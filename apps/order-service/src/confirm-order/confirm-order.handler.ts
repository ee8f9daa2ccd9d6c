import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { OrderView } from '@railyard/contracts';
import { UnitOfWork } from '@railyard/persistence';
import { OrderLifecycle } from '../lifecycle/order-lifecycle';
import { toOrderView } from '../domain/order.view';
import { ConfirmOrderCommand } from './confirm-order.command';

@CommandHandler(ConfirmOrderCommand)
export class ConfirmOrderHandler implements ICommandHandler<ConfirmOrderCommand, OrderView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly lifecycle: OrderLifecycle,
  ) {}

  execute({ orderId }: ConfirmOrderCommand): Promise<OrderView> {
    return this.uow.run(async (tx) => toOrderView(await this.lifecycle.confirm(tx, orderId)));
  }
}
