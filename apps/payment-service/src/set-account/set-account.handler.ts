import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AccountView } from '@railyard/contracts';
import { Inbox } from '@railyard/persistence';
import { AccountEntity } from '../database/account.entity';
import { toAccountView } from '../domain/views';
import { SetAccountCommand } from './set-account.command';

/**
 * Creates the account or replaces its balance (an admin operation). One upsert statement, so two
 * concurrent first calls cannot both try to create the row. A set is not idempotent across time:
 * the same request served again after a later set would undo it, so the inbox answers a re-served
 * request with its first reply instead.
 */
@CommandHandler(SetAccountCommand)
export class SetAccountHandler implements ICommandHandler<SetAccountCommand> {
  constructor(private readonly inbox: Inbox) {}

  async execute({ envelope }: SetAccountCommand): Promise<AccountView> {
    const { customerId, balance } = envelope.payload;
    const account: AccountEntity = { customerId, balance, updatedAt: new Date().toISOString() };
    return this.inbox.request(envelope, 'set-account', async (tx) => {
      await tx.getRepository(AccountEntity).upsert(account, ['customerId']);
      return toAccountView(account);
    });
  }
}
