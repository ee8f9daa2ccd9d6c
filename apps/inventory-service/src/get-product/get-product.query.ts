import { Query } from '@nestjs/cqrs';
import { GetProduct, ProductView } from '@railyard/contracts';

/** The payload is validated by the contract's pipe. */
export class GetProductQuery extends Query<ProductView> {
  constructor(readonly payload: GetProduct) {
    super();
  }
}
