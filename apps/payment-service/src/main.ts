import { ConfigService } from '@nestjs/config';
import { startService } from '@railyard/messaging';
import { runService } from '@railyard/platform';
import type { PaymentConfig } from './config/payment.config';

runService('payment-service', async () => {
  // Imported here so that a bad environment ends in runService's one-line message.
  const { PaymentServiceModule } = await import('./payment-service.module');
  await startService(PaymentServiceModule, {
    port: (app) => {
      const config = app.get(ConfigService<PaymentConfig, true>);
      return { port: config.get('PAYMENT_HTTP_PORT'), host: config.get('BIND_HOST') };
    },
  });
});
