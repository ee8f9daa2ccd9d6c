import { Query } from '@nestjs/cqrs';
import { AccountView } from '@railyard/contracts';

/** The raw request payload; the handler validates it. */
export class GetAccountQuery extends Query<AccountView> {
  constructor(readonly payload: unknown) {
    super();
  }
}
