import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AccountView } from '@railyard/contracts';
import { UnitOfWork } from '@railyard/persistence';
import { CodedError } from '@railyard/platform';
import { AccountEntity } from '../database/account.entity';
import { toAccountView } from '../domain/views';
import { GetAccountQuery } from './get-account.query';

@QueryHandler(GetAccountQuery)
export class GetAccountHandler implements IQueryHandler<GetAccountQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ payload }: GetAccountQuery): Promise<AccountView> {
    const { customerId } = payload;
    // Through the unit of work: on SQLite a read beside it would share the connection of a
    // transaction in progress and could see writes that are later rolled back.
    const account = await this.uow.run((tx) =>
      tx.getRepository(AccountEntity).findOneBy({ customerId }),
    );
    if (!account) {
      throw new CodedError('ACCOUNT_NOT_FOUND', `no account for customer ${customerId}`);
    }
    return toAccountView(account);
  }
}
