import { Command } from '@nestjs/cqrs';
import { AccountView } from '@railyard/contracts';

/** The raw request payload; the handler validates it. */
export class SetAccountCommand extends Command<AccountView> {
  constructor(readonly payload: unknown) {
    super();
  }
}
