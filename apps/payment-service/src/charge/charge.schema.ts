import { z } from 'zod';
import { Charge } from '@railyard/contracts';
import { idField, minorUnitsField } from '../shared/payload-fields';

export const chargeSchema = z.object({
  orderId: idField,
  customerId: idField,
  amount: minorUnitsField,
}) satisfies z.ZodType<Charge>;
