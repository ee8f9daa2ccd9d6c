import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';

/**
 * GATEWAY_TRUST_PROXY as Express's `trust proxy`: only the named proxies' X-Forwarded-For, -Proto
 * and -Host are believed (request.ip, .protocol, .hostname). Unset: nobody's, the socket decides.
 */
export function trustProxies(app: INestApplication, setting: string | undefined): void {
  if (setting === undefined) return;
  const hops = /^\d+$/.test(setting) ? Number(setting) : undefined;
  (app as NestExpressApplication).set(
    'trust proxy',
    hops ?? setting.split(',').map((part) => part.trim()),
  );
}
