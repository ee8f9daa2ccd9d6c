import { z } from 'zod/v4';
import { defineQuery } from '../contract/message-contract';
import { DEAD_LETTER_LIMITS } from './dead-letter-admin.messages';
import { SAGA_STATUSES, SagaStatus } from './saga-admin.messages';

/** A service's dead letters are counted up to this many: a count never reads more than a call may. */
export const DEAD_LETTER_COUNT_CAP = DEAD_LETTER_LIMITS.maxPerCall;

const count = z.number().int().min(0);

/** The counters one bus instance keeps since it started (its MessagingMetrics). */
export const busCounters = z.object({
  received: count,
  handled: count,
  retried: count,
  deadLettered: count,
  /** Undecodable or invalid messages (a subset of deadLettered). */
  invalid: count,
  requestsServed: count,
});
export type BusCountersView = z.output<typeof busCounters>;

/** The outbox's unsent rows (OutboxAdmin's stats). */
export const outboxStatus = z.object({
  pending: count,
  retrying: count,
  parked: count,
  /** Age of the oldest pending (unsent, not parked) row: how far publishing lags; null if none. */
  oldestUnsentAgeMs: z.number().min(0).nullable(),
});
export type OutboxStatusView = z.output<typeof outboxStatus>;

/** Sagas hosted by the service, by status (every status, 0 when none). */
export const sagaCounts = z.object(
  Object.fromEntries(SAGA_STATUSES.map((status) => [status, count])) as Record<
    SagaStatus,
    typeof count
  >,
);
export type SagaCountsView = z.output<typeof sagaCounts>;

/**
 * One instance's status, as its bus answers `<service>.admin.status`. `outbox` and `sagas` are
 * there where the service has them; `deadLetters` is null until a first count has been read (a
 * Kafka count joins a consumer group: seconds), and at most DEAD_LETTER_COUNT_CAP.
 */
export const serviceStatus = z.object({
  service: z.string(),
  transport: z.string(),
  /** The answering instance (MessagingOptions.instanceId): counters are per instance. */
  instance: z.string(),
  bus: busCounters,
  outbox: outboxStatus.optional(),
  deadLetters: count.max(DEAD_LETTER_COUNT_CAP).nullable(),
  sagas: sagaCounts.optional(),
});
export type ServiceStatusView = z.output<typeof serviceStatus>;

/** What a lib adds to its service's status: filled in by the lib that owns the data. */
export type ServiceStatusPartsView = Pick<ServiceStatusView, 'outbox' | 'sagas'>;

/**
 * The status request every service answers (built into its bus: see @railyard/messaging's
 * service-status.routes.ts), one per service since a request's type names its service. Only the
 * gateway's admin routes send it.
 */
export function serviceStatusContract(service: string) {
  return defineQuery({
    type: `${service}.admin.status`,
    service,
    summary: "This instance's bus counters, outbox backlog, dead-letter count and saga counts.",
    payload: z.object({}),
    result: serviceStatus,
  });
}
