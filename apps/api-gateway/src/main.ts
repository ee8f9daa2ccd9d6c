import { ConfigService } from '@nestjs/config';
import { startService } from '@railyard/messaging';
import { runService } from '@railyard/platform';
import type { GatewayConfig } from './config/gateway.config';
import { configureHttp } from './http/configure-http';
import { trustProxies } from './http/trust-proxies';

runService('api-gateway', async () => {
  // Imported here so that a bad environment ends in runService's one-line message.
  const { ApiGatewayModule } = await import('./api-gateway.module');
  await startService(ApiGatewayModule, {
    serveBus: false,
    configure: (app) => {
      configureHttp(app);
      trustProxies(app, app.get(ConfigService<GatewayConfig, true>).get('GATEWAY_TRUST_PROXY'));
    },
    port: (app) => {
      const config = app.get(ConfigService<GatewayConfig, true>);
      return { port: config.get('GATEWAY_HTTP_PORT'), host: config.get('BIND_HOST') };
    },
  });
});
