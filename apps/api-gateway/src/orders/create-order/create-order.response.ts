import { CreateOrder, orderStatus } from '@railyard/contracts';
import { z } from 'zod/v4';
import { apiSchema } from '../../http/api-schemas';

/**
 * 202 to POST /orders: CreateOrder's result, always PENDING (a replay gets the original answer;
 * GET /orders/:id tells what the saga decided since). `replayed` travels as the
 * Idempotent-Replayed header instead.
 */
export const createOrderResponse = apiSchema(
  'CreateOrderResponse',
  CreateOrder.result.omit({ replayed: true }).extend({
    status: orderStatus
      .extract(['PENDING'])
      .meta({ description: 'accepted; the saga decides what follows' }),
  }),
);
export type CreateOrderResponse = z.output<typeof createOrderResponse>;
