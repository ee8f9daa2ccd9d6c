import { ResilienceModuleOptions, ResilienceSettings } from '@railyard/resilience';
import { GatewayConfig } from './gateway.config';
import { DOWNSTREAMS, Downstream } from './downstreams';

/** Reads one validated variable (ConfigService.get). */
export type ConfigGetter = <K extends keyof GatewayConfig>(key: K) => GatewayConfig[K];

/**
 * One policy per downstream. The services share RESILIENCE_*; their defaults keep every call,
 * retries included, inside 800 ms so that GET /orders/:id answers within a second. The legacy
 * application gets its own (longer) timeouts: it is a monolith on plain HTTP.
 */
export function resilienceOptions(get: ConfigGetter): ResilienceModuleOptions {
  const base: ResilienceSettings = {
    attemptTimeoutMs: get('RESILIENCE_TIMEOUT_MS'),
    budgetMs: get('RESILIENCE_BUDGET_MS'),
    retry: {
      maxAttempts: get('RESILIENCE_RETRY_ATTEMPTS'),
      baseDelayMs: get('RESILIENCE_RETRY_BASE_MS'),
      maxDelayMs: get('RESILIENCE_RETRY_MAX_MS'),
    },
    breaker: {
      failureThreshold: get('RESILIENCE_BREAKER_FAILURES'),
      recoveryMs: get('RESILIENCE_BREAKER_RECOVERY_MS'),
      successThreshold: get('RESILIENCE_BREAKER_SUCCESSES'),
    },
    bulkhead: {
      concurrency: get('RESILIENCE_BULKHEAD_CONCURRENCY'),
      queue: get('RESILIENCE_BULKHEAD_QUEUE'),
    },
  };
  const legacy: ResilienceSettings = {
    ...base,
    attemptTimeoutMs: get('LEGACY_TIMEOUT_MS'),
    budgetMs: get('LEGACY_BUDGET_MS'),
  };
  const downstreams = Object.fromEntries(
    DOWNSTREAMS.map((name) => [name, name === 'legacy' ? legacy : base]),
  ) as Record<Downstream, ResilienceSettings>;
  return { downstreams };
}
