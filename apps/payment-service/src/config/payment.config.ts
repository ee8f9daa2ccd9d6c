import { commonEnvSchema, envPort } from '@railyard/platform';
import { messagingEnvSchema } from '@railyard/messaging';
import { persistenceEnvSchema } from '@railyard/persistence';
import { z } from 'zod';

/** Everything payment-service reads from the environment; validated before anything starts. */
export const paymentEnvSchema = commonEnvSchema
  .merge(messagingEnvSchema)
  .merge(persistenceEnvSchema('payment'))
  .extend({
    PAYMENT_HTTP_PORT: envPort().default(3003),
  });

export type PaymentConfig = z.output<typeof paymentEnvSchema>;
