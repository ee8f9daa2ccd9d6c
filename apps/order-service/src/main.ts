import { ConfigService } from '@nestjs/config';
import { startService } from '@railyard/messaging';
import { runService } from '@railyard/platform';
import type { OrderConfig } from './config/order.config';

runService('order-service', async () => {
  // Imported here so that a bad environment ends in runService's one-line message.
  const { OrderServiceModule } = await import('./order-service.module');
  await startService(OrderServiceModule, {
    port: (app) => {
      const config = app.get(ConfigService<OrderConfig, true>);
      return { port: config.get('ORDER_HTTP_PORT'), host: config.get('BIND_HOST') };
    },
  });
});
