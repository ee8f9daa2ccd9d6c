import { commonEnvSchema, envPort } from '@railyard/platform';
import { messagingEnvSchema } from '@railyard/messaging';
import { z } from 'zod';

/** Everything order-service reads from the environment; validated before anything starts. */
export const orderEnvSchema = commonEnvSchema.merge(messagingEnvSchema).extend({
  ORDER_HTTP_PORT: envPort().default(3001),
});

export type OrderConfig = z.output<typeof orderEnvSchema>;
