import { Command } from '@nestjs/cqrs';
import { AccountView, SetAccount } from '@railyard/contracts';
import { Envelope } from '@railyard/messaging';

/**
 * The whole request message: its id makes a re-served request answer the first reply; its
 * payload was validated by the contract's pipe.
 */
export class SetAccountCommand extends Command<AccountView> {
  constructor(readonly envelope: Envelope<SetAccount>) {
    super();
  }
}
