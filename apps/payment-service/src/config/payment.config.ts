import { commonEnvSchema, envPort } from '@railyard/platform';
import { messagingEnvSchema } from '@railyard/messaging';
import { databaseEnvSchema, outboxEnvSchema } from '@railyard/persistence';
import { z } from 'zod';

/** Everything payment-service reads from the environment; validated before anything starts. */
export const paymentEnvSchema = commonEnvSchema
  .merge(messagingEnvSchema)
  .merge(databaseEnvSchema('payment'))
  .merge(outboxEnvSchema)
  .extend({
    PAYMENT_HTTP_PORT: envPort().default(3003),
  });

export type PaymentConfig = z.output<typeof paymentEnvSchema>;
