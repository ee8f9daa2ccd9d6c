import { z } from 'zod/v4';
import { defineCommand, defineEvent, defineQuery } from '../contract/message-contract';
import { idempotencyKey, lineQuantity, minorUnits, textId, timestamp } from '../fields';
import { linesTotal, MONEY_LIMITS } from '../money';

/** order-service: what it answers and emits. Amounts in minor units. */

export const orderLine = z.object({
  sku: textId,
  quantity: lineQuantity,
  unitPrice: minorUnits(MONEY_LIMITS.maxUnitPrice),
});
export type OrderLine = z.output<typeof orderLine>;

export const orderStatus = z.enum(['PENDING', 'CONFIRMED', 'CANCELLED']);
export type OrderStatus = z.output<typeof orderStatus>;

const orderTotal = minorUnits(MONEY_LIMITS.maxOrderTotal);

/**
 * An order's lines, however one is written (the bus's minor units, or the gateway's major units
 * parsed into them): 1 to maxLines, their total (in minor units) within maxOrderTotal. The total
 * is checked once every line is valid; `totalTooLarge` says so in the caller's unit.
 */
export function orderLinesOf<L extends z.ZodType<{ quantity: number; unitPrice: number }>>(
  line: L,
  totalTooLarge: string,
) {
  return z
    .array(line)
    .min(1)
    .max(MONEY_LIMITS.maxLines)
    .refine((items) => (linesTotal(items) ?? Infinity) <= MONEY_LIMITS.maxOrderTotal, {
      message: totalTooLarge,
    });
}

export const orderLines = orderLinesOf(
  orderLine,
  `the order total must be at most ${MONEY_LIMITS.maxOrderTotal} minor units`,
);

export const orderView = z.object({
  id: textId,
  customerId: textId,
  items: z.array(orderLine),
  total: orderTotal,
  status: orderStatus,
  reason: z.string().optional(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type OrderView = z.output<typeof orderView>;

export const CreateOrder = defineCommand({
  type: 'order.create',
  service: 'order',
  summary: 'Accept an order; its fulfilment saga starts in the same transaction.',
  payload: z.object({
    customerId: textId,
    items: orderLines,
    /** Same key + same request → the same order; same key + another request → IDEMPOTENCY_CONFLICT. */
    idempotencyKey: idempotencyKey.optional(),
  }),
  result: z.object({
    orderId: textId,
    status: orderStatus,
    /** True when an earlier request with the same idempotency key created it. */
    replayed: z.boolean(),
  }),
});
export type CreateOrder = z.output<typeof CreateOrder.payload>;
export type CreateOrderResult = z.output<typeof CreateOrder.result>;

export const GetOrder = defineQuery({
  type: 'order.get',
  service: 'order',
  summary: 'One order with its lines and status.',
  payload: z.object({ orderId: textId }),
  result: orderView,
});
export type GetOrder = z.output<typeof GetOrder.payload>;

export const OrderCreated = defineEvent({
  type: 'order.created',
  service: 'order',
  summary: 'An order was accepted (PENDING).',
  payload: z.object({
    orderId: textId,
    customerId: textId,
    items: z.array(orderLine),
    total: orderTotal,
  }),
});
export type OrderCreated = z.output<typeof OrderCreated.payload>;

export const OrderConfirmed = defineEvent({
  type: 'order.confirmed',
  service: 'order',
  summary: 'Stock is committed and payment taken: the order is final.',
  payload: z.object({ orderId: textId }),
});
export type OrderConfirmed = z.output<typeof OrderConfirmed.payload>;

export const OrderCancelled = defineEvent({
  type: 'order.cancelled',
  service: 'order',
  summary: 'The order will not be fulfilled; what it held was given back.',
  payload: z.object({ orderId: textId, reason: z.string() }),
});
export type OrderCancelled = z.output<typeof OrderCancelled.payload>;

/** Error codes order-service answers with (RemoteError.remoteCode at the caller). */
export const OrderErrors = {
  notFound: 'ORDER_NOT_FOUND',
  idempotencyConflict: 'IDEMPOTENCY_CONFLICT',
  invalid: 'INVALID_ORDER',
} as const;
