import { commonEnvSchema, envPort } from '@railyard/platform';
import { messagingEnvSchema } from '@railyard/messaging';
import { persistenceEnvSchema } from '@railyard/persistence';
import { sagaEnvSchema } from '@railyard/saga';
import { z } from 'zod';

/** Everything order-service reads from the environment; validated before anything starts. */
export const orderEnvSchema = commonEnvSchema
  .merge(messagingEnvSchema)
  .merge(persistenceEnvSchema('order'))
  .merge(sagaEnvSchema)
  .extend({
    ORDER_HTTP_PORT: envPort().default(3001),
  });

export type OrderConfig = z.output<typeof orderEnvSchema>;
