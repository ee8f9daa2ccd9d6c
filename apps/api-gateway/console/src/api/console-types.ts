import type { SagaSummaryView, ServiceStatusView } from '@railyard/contracts';

/**
 * The shape of /admin/overview and of the stream's `overview` events (the gateway's
 * console-overview.schemas.ts defines it; the services' part is ServiceStatusView).
 */
export interface Downstream {
  name: string;
  breaker: 'closed' | 'open' | 'half-open' | 'isolated';
  bulkhead: { active: number; queued: number; capacity: number; queueCapacity: number };
}

export type ReachableService = ServiceStatusView & { reachable: true };

export type ServiceOverview =
  ReachableService | { service: string; reachable: false; error: string };

export interface ConsoleOverview {
  at: string;
  gateway: { downstreams: Downstream[] };
  services: ServiceOverview[];
}

/** The stream's `sagas` events: each saga host's newest-updated sagas. */
export type SagasByService = Record<string, SagaSummaryView[]>;
