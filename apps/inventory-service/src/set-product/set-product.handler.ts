import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InventoryQueries, ProductView } from '@railyard/contracts';
import { UnitOfWork } from '@railyard/persistence';
import { toProductView } from '../domain/inventory-views';
import { ProductEntity } from '../domain/product.entity';
import { parsePayload } from '@railyard/platform';
import { SetProductCommand } from './set-product.command';
import { setProductSchema } from './set-product.schema';

@CommandHandler(SetProductCommand)
export class SetProductHandler implements ICommandHandler<SetProductCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ payload }: SetProductCommand): Promise<ProductView> {
    const { sku, available } = parsePayload(setProductSchema, payload, {
      what: InventoryQueries.setProduct,
    });
    return this.uow.run(async (tx) => {
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
