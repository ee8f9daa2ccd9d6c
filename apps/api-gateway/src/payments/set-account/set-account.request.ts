import { majorUnitsToMinor, SetAccount } from '@railyard/contracts';
import { z } from 'zod/v4';
import { apiSchema } from '../../http/api-schemas';

/**
 * POST /payments/accounts: the SetAccount message with its balance in major units. Parsed, the
 * body is that message's payload (the balance in minor units).
 */
export const setAccountRequest = apiSchema(
  'SetAccountRequest',
  z.strictObject({
    ...SetAccount.payload.shape,
    balance: majorUnitsToMinor(SetAccount.payload.shape.balance),
  }),
);
export type SetAccountRequest = z.output<typeof setAccountRequest>;
