import { Command } from '@nestjs/cqrs';
import { ProductView } from '@railyard/contracts';
import { Envelope } from '@railyard/messaging';

/**
 * Admin: create a product or replace its `available` count. The whole request message: its id
 * makes a re-served request answer the first reply; its payload is validated by the handler.
 */
export class SetProductCommand extends Command<ProductView> {
  constructor(readonly envelope: Envelope) {
    super();
  }
}
