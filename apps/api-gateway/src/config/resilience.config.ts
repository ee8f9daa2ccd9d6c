import { ResilienceModuleOptions, ResilienceSettings } from '@railyard/resilience';
import { GatewayConfig } from './gateway.config';
import { CallTimeoutEnv, serviceTimeouts, serviceTimeoutVariables } from './call-timeouts';
import { DOWNSTREAMS, Downstream } from './downstreams';

/** Reads one validated variable (ConfigService.get). */
export type ConfigGetter = <K extends keyof GatewayConfig>(key: K) => GatewayConfig[K];

/**
 * One policy per downstream. The services share RESILIENCE_*, with timeouts per service if set and
 * defaults per transport (call-timeouts.ts). The legacy application gets its own (longer)
 * timeouts: it is a monolith on plain HTTP.
 */
export function resilienceOptions(get: ConfigGetter): ResilienceModuleOptions {
  const shared: Omit<ResilienceSettings, 'attemptTimeoutMs' | 'budgetMs'> = {
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
      maxWaitMs: get('RESILIENCE_BULKHEAD_MAX_WAIT_MS'),
    },
  };
  const downstreams = Object.fromEntries(
    DOWNSTREAMS.map((name) => [
      name,
      name === 'legacy'
        ? {
            ...shared,
            attemptTimeoutMs: get('LEGACY_TIMEOUT_MS'),
            budgetMs: get('LEGACY_BUDGET_MS'),
          }
        : { ...shared, ...serviceTimeouts(timeoutEnv(get), name) },
    ]),
  ) as Record<Downstream, ResilienceSettings>;
  return { downstreams };
}

/** The variables serviceTimeouts reads. */
function timeoutEnv(get: ConfigGetter): CallTimeoutEnv {
  const own = Object.keys(serviceTimeoutVariables) as Array<keyof typeof serviceTimeoutVariables>;
  return {
    TRANSPORT: get('TRANSPORT'),
    RESILIENCE_TIMEOUT_MS: get('RESILIENCE_TIMEOUT_MS'),
    RESILIENCE_BUDGET_MS: get('RESILIENCE_BUDGET_MS'),
    RESILIENCE_COMMAND_TIMEOUT_MS: get('RESILIENCE_COMMAND_TIMEOUT_MS'),
    RESILIENCE_COMMAND_BUDGET_MS: get('RESILIENCE_COMMAND_BUDGET_MS'),
    ...Object.fromEntries(own.map((name) => [name, get(name)])),
  };
}
