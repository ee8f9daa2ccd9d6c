import { z } from 'zod';
import {
  MAX_LINES,
  orderIdSchema,
  quantitySchema,
  skuSchema,
} from '../shared/message-fields.schema';

export const reserveStockSchema = z.object({
  orderId: orderIdSchema,
  items: z
    .array(z.object({ sku: skuSchema, quantity: quantitySchema }))
    .min(1)
    .max(MAX_LINES),
});
