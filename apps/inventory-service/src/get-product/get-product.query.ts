import { Query } from '@nestjs/cqrs';
import { ProductView } from '@railyard/contracts';

/** The payload is validated by the handler. */
export class GetProductQuery extends Query<ProductView> {
  constructor(readonly payload: unknown) {
    super();
  }
}
