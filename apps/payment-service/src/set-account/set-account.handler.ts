import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AccountView } from '@railyard/contracts';
import { UnitOfWork } from '@railyard/persistence';
import { AccountEntity } from '../domain/account.entity';
import { toAccountView } from '../domain/views';
import { parsePayload } from '@railyard/platform';
import { SetAccountCommand } from './set-account.command';
import { setAccountSchema } from './set-account.schema';

/**
 * Creates the account or replaces its balance (an admin operation, idempotent by nature). One
 * upsert statement, so two concurrent first calls cannot both try to create the row.
 */
@CommandHandler(SetAccountCommand)
export class SetAccountHandler implements ICommandHandler<SetAccountCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ payload }: SetAccountCommand): Promise<AccountView> {
    const { customerId, balance } = parsePayload(setAccountSchema, payload);
    const account: AccountEntity = { customerId, balance, updatedAt: new Date().toISOString() };
    await this.uow.run((tx) => tx.getRepository(AccountEntity).upsert(account, ['customerId']));
    return toAccountView(account);
  }
}
