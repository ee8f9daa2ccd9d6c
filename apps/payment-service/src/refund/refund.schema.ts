import { z } from 'zod';
import { Refund } from '@railyard/contracts';
import { idField } from '../shared/payload-fields';

export const refundSchema = z.object({ orderId: idField }) satisfies z.ZodType<Refund>;
