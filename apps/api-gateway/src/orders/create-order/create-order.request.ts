import {
  CreateOrder,
  fromMinorUnits,
  majorUnitsToMinor,
  MONEY_LIMITS,
  orderLine,
  orderLinesOf,
} from '@railyard/contracts';
import { z } from 'zod/v4';
import { apiSchema } from '../../http/api-schemas';

const maxOrderTotal = fromMinorUnits(MONEY_LIMITS.maxOrderTotal);

/** A line as a client prices it: the message's line, its unit price in major units. */
const orderLineRequest = z.strictObject({
  ...orderLine.shape,
  unitPrice: majorUnitsToMinor(orderLine.shape.unitPrice),
});

/**
 * POST /orders: the CreateOrder message without its idempotency key, which the Idempotency-Key
 * header carries. The lines are checked as order-service checks them, the total's cap included
 * (in minor units, as order-service sums them). Parsed, the body is that message's payload.
 */
export const createOrderRequest = apiSchema(
  'CreateOrderRequest',
  z.strictObject({
    ...CreateOrder.payload.omit({ idempotencyKey: true }).shape,
    items: orderLinesOf(
      orderLineRequest,
      `the order total must not be greater than ${maxOrderTotal}`,
    ).meta({ description: `At most ${maxOrderTotal} in total (quantity × unitPrice summed)` }),
  }),
);
export type CreateOrderRequest = z.output<typeof createOrderRequest>;
