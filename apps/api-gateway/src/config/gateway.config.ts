import { commonEnvSchema, envPort } from '@railyard/platform';
import { messagingEnvSchema } from '@railyard/messaging';
import { z } from 'zod';

/** Everything the gateway reads from the environment; validated before anything starts. */
export const gatewayEnvSchema = commonEnvSchema.merge(messagingEnvSchema).extend({
  GATEWAY_HTTP_PORT: envPort().default(3000),
});

export type GatewayConfig = z.output<typeof gatewayEnvSchema>;
