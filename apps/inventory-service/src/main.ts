import { ConfigService } from '@nestjs/config';
import { startService } from '@railyard/messaging';
import { runService } from '@railyard/platform';
import type { InventoryConfig } from './config/inventory.config';

runService('inventory-service', async () => {
  // Imported here so that a bad environment ends in runService's one-line message.
  const { InventoryServiceModule } = await import('./inventory-service.module');
  await startService(InventoryServiceModule, {
    port: (app) => {
      const config = app.get(ConfigService<InventoryConfig, true>);
      return { port: config.get('INVENTORY_HTTP_PORT'), host: config.get('BIND_HOST') };
    },
  });
});
