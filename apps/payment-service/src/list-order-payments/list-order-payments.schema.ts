import { z } from 'zod';
import { idField } from '../shared/payload-fields';

export const listOrderPaymentsSchema = z.object({ orderId: idField });
