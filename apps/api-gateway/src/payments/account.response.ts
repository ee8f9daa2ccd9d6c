import { accountView, AccountView, fromMinorUnits, majorUnits } from '@railyard/contracts';
import { z } from 'zod/v4';
import { apiSchema } from '../http/api-schemas';

/** An account as payment-service answers GetAccount and SetAccount, its balance in major units. */
export const accountResponse = apiSchema(
  'AccountResponse',
  accountView.extend({ balance: majorUnits(accountView.shape.balance) }),
);
export type AccountResponse = z.output<typeof accountResponse>;

export function toAccountResponse(view: AccountView): AccountResponse {
  return { customerId: view.customerId, balance: fromMinorUnits(view.balance) };
}
