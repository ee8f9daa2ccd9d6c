import { ExecutionContext } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ThrottlerModule } from '@nestjs/throttler';
import { GatewayConfig } from '../config/gateway.config';

/** Probes come from the platform and must never be refused. */
function isHealthProbe(context: ExecutionContext): boolean {
  const { url } = context.switchToHttp().getRequest<{ url: string }>();
  return url === '/health' || url.startsWith('/health/');
}

/**
 * THROTTLE_LIMIT requests per client address per THROTTLE_TTL_MS window (in memory, per gateway
 * instance); one more is answered 429 with Retry-After. Applied with ThrottlerGuard as APP_GUARD.
 */
export const gatewayThrottlerModule = () =>
  ThrottlerModule.forRootAsync({
    inject: [ConfigService],
    useFactory: (config: ConfigService<GatewayConfig, true>) => ({
      throttlers: [{ ttl: config.get('THROTTLE_TTL_MS'), limit: config.get('THROTTLE_LIMIT') }],
      skipIf: isHealthProbe,
      errorMessage: 'too many requests; slow down',
    }),
  });
