import { Command } from '@nestjs/cqrs';
import { ProductView, SetProduct } from '@railyard/contracts';
import { Envelope } from '@railyard/messaging';

/**
 * Admin: create a product or replace its `available` count. The whole request message: its id
 * makes a re-served request answer the first reply; its payload was validated by the contract's pipe.
 */
export class SetProductCommand extends Command<ProductView> {
  constructor(readonly envelope: Envelope<SetProduct>) {
    super();
  }
}
