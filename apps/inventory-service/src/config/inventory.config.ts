import { commonEnvSchema, envPort } from '@railyard/platform';
import { messagingEnvSchema } from '@railyard/messaging';
import { persistenceEnvSchema } from '@railyard/persistence';
import { z } from 'zod';

/** Everything inventory-service reads from the environment; validated before anything starts. */
export const inventoryEnvSchema = commonEnvSchema
  .merge(messagingEnvSchema)
  .merge(persistenceEnvSchema('inventory'))
  .extend({
    INVENTORY_HTTP_PORT: envPort().default(3002),
  });

export type InventoryConfig = z.output<typeof inventoryEnvSchema>;
