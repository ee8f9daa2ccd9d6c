import { z } from 'zod';
import { linesTotal, MONEY_LIMITS } from '@railyard/contracts';

/**
 * What order-service accepts for a new order (the gateway validates first; this guards the bus).
 * The caps are the contracts' MONEY_LIMITS, the same the gateway applies.
 */
export const createOrderSchema = z.object({
  customerId: z.string().min(1).max(128),
  items: z
    .array(
      z.object({
        sku: z.string().min(1).max(128),
        quantity: z.number().int().min(1).max(MONEY_LIMITS.maxQuantity),
        unitPrice: z.number().int().min(0).max(MONEY_LIMITS.maxUnitPrice),
      }),
    )
    .min(1)
    .max(MONEY_LIMITS.maxLines)
    .refine((items) => (linesTotal(items) ?? Infinity) <= MONEY_LIMITS.maxOrderTotal, {
      message: `the order total must be at most ${MONEY_LIMITS.maxOrderTotal} minor units`,
    }),
  idempotencyKey: z.string().min(1).max(128).optional(),
});
