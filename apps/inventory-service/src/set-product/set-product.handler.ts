import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ProductView } from '@railyard/contracts';
import { Inbox } from '@railyard/persistence';
import { toProductView } from '../domain/inventory-views';
import { ProductEntity } from '../database/product.entity';
import { SetProductCommand } from './set-product.command';

/**
 * A set is not idempotent across time: the same request served again after a later set would undo
 * it. The inbox answers a re-served request with its first reply instead.
 */
@CommandHandler(SetProductCommand)
export class SetProductHandler implements ICommandHandler<SetProductCommand> {
  constructor(private readonly inbox: Inbox) {}

  async execute({ envelope }: SetProductCommand): Promise<ProductView> {
    const { sku, available } = envelope.payload;
    return this.inbox.request(envelope, 'set-product', async (tx) => {
      const products = tx.getRepository(ProductEntity);
      // One atomic upsert: only `available` is replaced, so units that orders hold (reserved) or
      // took (committed) are never overwritten by a restock racing a reservation.
      await products
        .createQueryBuilder()
        .insert()
        .values({ sku, available, reserved: 0, committed: 0, updatedAt: new Date().toISOString() })
        .orUpdate(['available', 'updated_at'], ['sku'])
        .execute();
      return toProductView(await products.findOneByOrFail({ sku }));
    });
  }
}
