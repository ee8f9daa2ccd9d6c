import { z } from 'zod';
import { SetAccount } from '@railyard/contracts';
import { idField, minorUnitsField } from '../shared/payload-fields';

export const setAccountSchema = z.object({
  customerId: idField,
  balance: minorUnitsField,
}) satisfies z.ZodType<SetAccount>;
