import { SetProduct } from '@railyard/contracts';
import { z } from 'zod/v4';
import { apiSchema } from '../../http/api-schemas';

/** POST /inventory/products: the SetProduct message as it is, unknown properties refused. */
export const setProductRequest = apiSchema(
  'SetProductRequest',
  z.strictObject(SetProduct.payload.shape),
);
export type SetProductRequest = z.output<typeof setProductRequest>;
