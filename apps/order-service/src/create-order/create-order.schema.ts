import { z } from 'zod';

/** What order-service accepts for a new order (the gateway validates first; this guards the bus). */
export const createOrderSchema = z.object({
  customerId: z.string().min(1).max(128),
  items: z
    .array(
      z.object({
        sku: z.string().min(1).max(128),
        quantity: z.number().int().min(1).max(1000),
        unitPrice: z.number().int().min(0),
      }),
    )
    .min(1)
    .max(100),
  idempotencyKey: z.string().min(1).max(128).optional(),
});
