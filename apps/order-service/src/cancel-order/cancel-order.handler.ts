import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { OrderView } from '@railyard/contracts';
import { UnitOfWork } from '@railyard/persistence';
import { OrderLifecycle } from '../lifecycle/order-lifecycle';
import { toOrderView } from '../domain/order.view';
import { CancelOrderCommand } from './cancel-order.command';

@CommandHandler(CancelOrderCommand)
export class CancelOrderHandler implements ICommandHandler<CancelOrderCommand, OrderView> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly lifecycle: OrderLifecycle,
  ) {}

  execute({ orderId, reason }: CancelOrderCommand): Promise<OrderView> {
    return this.uow.run(async (tx) =>
      toOrderView(await this.lifecycle.cancel(tx, orderId, reason)),
    );
  }
}
