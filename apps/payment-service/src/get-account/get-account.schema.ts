import { z } from 'zod';
import { idField } from '../shared/payload-fields';

export const getAccountSchema = z.object({ customerId: idField });
