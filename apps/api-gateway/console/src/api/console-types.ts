/**
 * What the console reads from /admin/overview, /admin/stream and /admin/sagas (the gateway's
 * OpenAPI document is their reference): only the fields the page shows.
 */
export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

export interface Downstream {
  name: string;
  breaker: BreakerState;
  bulkhead: { active: number; queued: number; capacity: number; queueCapacity: number };
}

export interface ReachableService {
  service: string;
  reachable: true;
  transport: string;
  instance: string;
  bus: Record<string, unknown>;
  outbox: { pending: number; retrying: number; parked: number; oldestUnsentAgeMs: number | null };
  deadLetters: number;
  sagas?: Record<string, number>;
}

export type ServiceOverview =
  ReachableService | { service: string; reachable: false; error: string };

export interface ConsoleOverview {
  at: string;
  gateway: { downstreams: Downstream[] };
  services: ServiceOverview[];
}

export const SAGA_STATUSES = ['RUNNING', 'COMPENSATING', 'COMPLETED', 'COMPENSATED', 'FAILED'];

export interface SagaSummary {
  id: string;
  type: string;
  status: string;
  step: number;
  stepName: string;
  attempt: number;
  deadline: string | null;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SagaDetail extends SagaSummary {
  context: unknown;
  steps: { name: string; action: string; compensation: string | null }[];
  timeline: { step: number; stepName: string; event: string; detail: string | null; at: string }[];
}

export type SagasByService = Record<string, SagaSummary[]>;
