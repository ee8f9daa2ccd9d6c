import { z } from 'zod';
import { MAX_AVAILABLE, skuSchema } from '../shared/message-fields.schema';

export const setProductSchema = z.object({
  sku: skuSchema,
  available: z.number().int().min(0).max(MAX_AVAILABLE),
});
