import { Command } from '@nestjs/cqrs';
import { ProductView } from '@railyard/contracts';

/** Admin: create a product or replace its `available` count. The payload is validated by the handler. */
export class SetProductCommand extends Command<ProductView> {
  constructor(readonly payload: unknown) {
    super();
  }
}
