import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HealthIndicatorService } from '@nestjs/terminus';
import { ReadinessCheck } from '@railyard/health';
import { GatewayConfig } from '../config/gateway.config';
import { SERVICE_DOWNSTREAMS } from '../config/downstreams';

type ServiceState = { status: 'up' | 'down'; httpStatus?: number; error?: string };

/** Short: a probe must not make /health slow because a service hangs. */
const PROBE_TIMEOUT_MS = 300;
/** Probes are shared by the /health calls of one second, so polling does not multiply them. */
const CACHE_MS = 1_000;

/**
 * Each service's own readiness (its /health/ready), for `/health` details. Always up: the
 * gateway stays live and ready while a service is down; its breaker and the `degraded` parts of
 * answers handle that, and taking the gateway out of rotation would only make things worse.
 */
@Injectable()
export class DownstreamServicesHealthIndicator implements ReadinessCheck {
  private readonly urls: Record<string, string>;
  private cached?: { at: number; states: Promise<Record<string, ServiceState>> };

  constructor(
    config: ConfigService<GatewayConfig, true>,
    private readonly health: HealthIndicatorService,
  ) {
    const url = (host: string, port: number) => `http://${host}:${port}/health/ready`;
    this.urls = {
      order: url(config.get('ORDER_HOST'), config.get('ORDER_HTTP_PORT')),
      inventory: url(config.get('INVENTORY_HOST'), config.get('INVENTORY_HTTP_PORT')),
      payment: url(config.get('PAYMENT_HOST'), config.get('PAYMENT_HTTP_PORT')),
    };
  }

  async check() {
    const now = Date.now();
    if (!this.cached || now - this.cached.at >= CACHE_MS) {
      this.cached = { at: now, states: this.probeAll() };
    }
    return this.health.check('services').up(await this.cached.states);
  }

  private async probeAll(): Promise<Record<string, ServiceState>> {
    const states = await Promise.all(
      SERVICE_DOWNSTREAMS.map(async (name) => [name, await probe(this.urls[name])] as const),
    );
    return Object.fromEntries(states);
  }
}

async function probe(url: string): Promise<ServiceState> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    await response.body?.cancel();
    return response.ok ? { status: 'up' } : { status: 'down', httpStatus: response.status };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { status: 'down', error: cause?.code ?? (error as Error).name };
  }
}
