import type { ResilienceMetricFamilies } from '../metrics/resilience-metric-families';
import { ResilienceSettings } from '../settings/resilience-settings';
import { BreakerSnapshot } from './breaker-state';

/** What the guarded work gets for one attempt. */
export interface AttemptContext {
  /** Aborted when this attempt times out or the whole budget is spent. */
  signal: AbortSignal;
  /** Time this attempt may take: pass it on (e.g. as the bus request's timeout). */
  timeoutMs: number;
  /** 0 for the first attempt, 1 for the first retry... */
  attempt: number;
}

export interface ExecuteOptions {
  /** Only idempotent work is retried: repeating it cannot do something twice. */
  idempotent: boolean;
  /** A command gets `settings.commands`' timeouts, if set (see ResilienceSettings). */
  command?: boolean;
}

export interface PolicySnapshot {
  breaker: BreakerSnapshot;
  bulkhead: { running: number; queued: number; concurrency: number; queue: number };
}

/** Guards every call to one downstream. DownstreamPolicy in production, PassThroughPolicy in tests. */
export interface ResiliencePolicy {
  readonly downstream: string;
  readonly settings: ResilienceSettings;
  execute<T>(work: (attempt: AttemptContext) => Promise<T>, options: ExecuteOptions): Promise<T>;
  snapshot(): PolicySnapshot;
  /**
   * Counts and times its calls into `families` from now on (ResilienceRegistry.exportMetrics).
   * Optional: a policy without it still has its breaker and bulkhead sampled from snapshot().
   */
  exportMetrics?(families: ResilienceMetricFamilies): void;
}
