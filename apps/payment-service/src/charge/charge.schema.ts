import { z } from 'zod';
import { Charge } from '@railyard/contracts';
import { chargeAmountField, idField } from '../shared/payload-fields';

export const chargeSchema = z.object({
  orderId: idField,
  customerId: idField,
  amount: chargeAmountField,
}) satisfies z.ZodType<Charge>;
