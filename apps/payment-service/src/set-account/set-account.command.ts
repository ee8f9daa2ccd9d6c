import { Command } from '@nestjs/cqrs';
import { AccountView } from '@railyard/contracts';
import { Envelope } from '@railyard/messaging';

/**
 * The whole request message: its id makes a re-served request answer the first reply; its
 * payload is validated by the handler.
 */
export class SetAccountCommand extends Command<AccountView> {
  constructor(readonly envelope: Envelope) {
    super();
  }
}
