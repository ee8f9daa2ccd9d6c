import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ProductView } from '@railyard/contracts';
import { UnitOfWork } from '@railyard/persistence';
import { CodedError } from '@railyard/platform';
import { toProductView } from '../domain/inventory-views';
import { ProductEntity } from '../database/product.entity';
import { GetProductQuery } from './get-product.query';

@QueryHandler(GetProductQuery)
export class GetProductHandler implements IQueryHandler<GetProductQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ payload }: GetProductQuery): Promise<ProductView> {
    const { sku } = payload;
    // Through the unit of work even to read: on SQLite the one shared connection could be inside
    // another command's open transaction and show its uncommitted rows.
    const product = await this.uow.run((tx) => tx.getRepository(ProductEntity).findOneBy({ sku }));
    if (!product) throw new CodedError('PRODUCT_NOT_FOUND', `no product ${sku}`, { sku });
    return toProductView(product);
  }
}
