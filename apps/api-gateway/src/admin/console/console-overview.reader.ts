import { Injectable } from '@nestjs/common';
import { SERVICES, serviceStatusContract } from '@railyard/contracts';
import { MessageBus } from '@railyard/messaging';
import { PolicySnapshot, ResilienceRegistry } from '@railyard/resilience';
import { ConsoleOverview, DownstreamView, ServiceOverview } from './console-overview.schemas';

/**
 * How long the overview waits for a service's status: short, so a service that is down shows
 * `reachable: false` within the stream's beat rather than holding up the others.
 */
export const STATUS_TIMEOUT_MS = 1_500;

/**
 * The console's overview (issue 17): this gateway's breakers and bulkheads per downstream, and
 * every service's status, asked over the bus in parallel (the gateway reads no service's database).
 */
@Injectable()
export class ConsoleOverviewReader {
  constructor(
    private readonly bus: MessageBus,
    private readonly registry: ResilienceRegistry,
  ) {}

  async read(): Promise<ConsoleOverview> {
    const services = await Promise.all(Object.keys(SERVICES).map((name) => this.statusOf(name)));
    return {
      at: new Date().toISOString(),
      gateway: { downstreams: this.downstreams() },
      services,
    };
  }

  private downstreams(): DownstreamView[] {
    return Object.entries(this.registry.snapshot()).map(([name, policy]) => toView(name, policy));
  }

  private async statusOf(service: string): Promise<ServiceOverview> {
    try {
      const status = await this.bus.request(
        serviceStatusContract(service),
        {},
        { timeoutMs: STATUS_TIMEOUT_MS },
      );
      return { ...status, reachable: true };
    } catch (error) {
      return { service, reachable: false, error: (error as Error).message };
    }
  }
}

function toView(name: string, { breaker, bulkhead }: PolicySnapshot): DownstreamView {
  return {
    name,
    breaker: breaker.state,
    bulkhead: {
      active: bulkhead.running,
      queued: bulkhead.queued,
      capacity: bulkhead.concurrency,
      queueCapacity: bulkhead.queue,
    },
  };
}
