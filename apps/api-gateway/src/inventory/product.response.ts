import { GetProduct } from '@railyard/contracts';
import { z } from 'zod/v4';
import { apiSchema } from '../http/api-schemas';

/** A product's stock: GetProduct's result (SetProduct answers the same), unchanged over HTTP. */
export const productResponse = apiSchema('ProductResponse', GetProduct.result);
export type ProductResponse = z.output<typeof productResponse>;
