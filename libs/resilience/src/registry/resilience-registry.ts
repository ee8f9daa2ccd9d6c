import { Logger, LoggerService } from '@nestjs/common';
import { MetricsRegistry } from '@railyard/platform';
import { ResilienceMetricFamilies } from '../metrics/resilience-metric-families';
import { DownstreamPolicy } from '../policies/downstream-policy';
import { PolicySnapshot, ResiliencePolicy } from '../policies/resilience-policy';
import { ResilienceSettings } from '../settings/resilience-settings';
import { logBreakerChange } from './log-breaker-change';

/**
 * The one policy per downstream of a process, built at start. Every request to a downstream goes
 * through the same instance: its breaker sees all of their failures, its bulkhead all of them.
 */
export class ResilienceRegistry {
  private readonly policies = new Map<string, ResiliencePolicy>();

  constructor(policies: Iterable<ResiliencePolicy>) {
    for (const policy of policies) this.policies.set(policy.downstream, policy);
  }

  /** Builds DownstreamPolicies whose breakers log each state change. */
  static fromSettings(
    downstreams: Readonly<Record<string, ResilienceSettings>>,
    logger: LoggerService = new Logger('Resilience'),
  ): ResilienceRegistry {
    const policies = Object.entries(downstreams).map(([name, settings]) => {
      const policy = new DownstreamPolicy(name, settings);
      policy.breaker.onStateChange((change) => logBreakerChange(logger, change, settings.breaker));
      return policy;
    });
    return new ResilienceRegistry(policies);
  }

  get downstreams(): string[] {
    return [...this.policies.keys()];
  }

  get(downstream: string): ResiliencePolicy {
    const policy = this.policies.get(downstream);
    if (!policy) {
      throw new Error(
        `no resilience policy for "${downstream}" (configured: ${this.downstreams.join(', ')})`,
      );
    }
    return policy;
  }

  /**
   * Records into the app's metrics from now on: every breaker's state and bulkhead's load, read at
   * each scrape, and every call counted and timed by outcome. ResilienceModule does it when the
   * app has MetricsModule; without it nothing is recorded.
   */
  exportMetrics(metrics: MetricsRegistry): void {
    const families = ResilienceMetricFamilies.of(metrics);
    families.sample(this);
    for (const policy of this.policies.values()) policy.exportMetrics?.(families);
  }

  snapshot(): Record<string, PolicySnapshot> {
    return Object.fromEntries([...this.policies].map(([name, p]) => [name, p.snapshot()]));
  }
}
