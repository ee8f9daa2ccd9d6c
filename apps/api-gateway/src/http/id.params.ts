import { GetAccount, GetOrder, GetProduct } from '@railyard/contracts';
import { z } from 'zod/v4';

/** `:orderId`: the key of the GetOrder query (and of every other by-order query). */
export const orderIdParams = z.strictObject(GetOrder.payload.shape);
export type OrderIdParams = z.output<typeof orderIdParams>;

/** `:sku`: the key of the GetProduct query. */
export const skuParams = z.strictObject(GetProduct.payload.shape);
export type SkuParams = z.output<typeof skuParams>;

/** `:customerId`: the key of the GetAccount query. */
export const customerIdParams = z.strictObject(GetAccount.payload.shape);
export type CustomerIdParams = z.output<typeof customerIdParams>;
