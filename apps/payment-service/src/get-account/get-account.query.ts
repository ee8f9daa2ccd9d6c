import { Query } from '@nestjs/cqrs';
import { AccountView, GetAccount } from '@railyard/contracts';

/** The payload is validated by the contract's pipe. */
export class GetAccountQuery extends Query<AccountView> {
  constructor(readonly payload: GetAccount) {
    super();
  }
}
