import { z } from 'zod';
import { SetAccount } from '@railyard/contracts';
import { balanceField, idField } from '../shared/payload-fields';

export const setAccountSchema = z.object({
  customerId: idField,
  balance: balanceField,
}) satisfies z.ZodType<SetAccount>;
