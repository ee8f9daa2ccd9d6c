import { z } from 'zod';
import { skuSchema } from '../shared/message-fields.schema';

export const getProductSchema = z.object({ sku: skuSchema });
