import { majorUnits, orderLine, orderView, reservationView } from '@railyard/contracts';
import { z } from 'zod/v4';
import { apiSchema } from '../../http/api-schemas';
import { paymentResponse } from '../../payments/payment.response';

export const ORDER_PARTS = ['order', 'inventory', 'payment'] as const;
export type OrderPart = (typeof ORDER_PARTS)[number];

/** GetOrder's result with amounts in major units; its timestamps stay inside. */
export const orderResponse = apiSchema(
  'OrderResponse',
  orderView.omit({ createdAt: true, updatedAt: true }).extend({
    items: z.array(orderLine.extend({ unitPrice: majorUnits(orderLine.shape.unitPrice) })),
    total: majorUnits(orderView.shape.total),
    reason: orderView.shape.reason.meta({ description: 'why it was cancelled' }),
  }),
);
export type OrderResponse = z.output<typeof orderResponse>;

/** GetReservation's result; the order it belongs to is the one asked for. */
export const inventoryPartResponse = apiSchema(
  'InventoryPartResponse',
  reservationView.omit({ orderId: true }),
);
export type InventoryPartResponse = z.output<typeof inventoryPartResponse>;

/** ListOrderPayments' result, oldest first. */
export const paymentPartResponse = apiSchema(
  'PaymentPartResponse',
  z.object({ payments: z.array(paymentResponse) }),
);
export type PaymentPartResponse = z.output<typeof paymentPartResponse>;

/** GET /orders/:id: the order, with the parts its services could give in time. */
export const orderDetailsResponse = apiSchema(
  'OrderDetailsResponse',
  z.object({
    order: orderResponse,
    inventory: inventoryPartResponse.optional().meta({
      description:
        'absent until stock is reserved for the order, or when inventory-service could not answer',
    }),
    payment: paymentPartResponse
      .optional()
      .meta({ description: 'absent when payment-service could not answer' }),
    degraded: z.array(z.enum(ORDER_PARTS)).optional().meta({
      description: 'parts left out because their service was down, slow or behind an open circuit',
    }),
  }),
);
export type OrderDetailsResponse = z.output<typeof orderDetailsResponse>;
