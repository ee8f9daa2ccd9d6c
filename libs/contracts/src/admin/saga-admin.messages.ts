import { z } from 'zod/v4';
import { defineCommand, defineQuery } from '../contract/message-contract';
import { textId } from '../fields';

/** What one saga admin call may touch or show: every call is bounded (issue 17). */
export const SAGA_ADMIN_LIMITS = {
  /** Sagas per listed page. */
  maxPerPage: 500,
  /** Step-log entries a shown saga carries: its most recent ones. */
  maxTimeline: 200,
  /** Characters of an operator's reason (the saga's reason column holds 256 with its prefix). */
  maxReasonLength: 200,
  /** Characters of who acted (a token's subject). */
  maxOperatorLength: 128,
  /** Characters of a paging cursor. */
  maxCursorLength: 256,
  /** The oldest age a list filters by: a year, in seconds. */
  maxOlderThanSeconds: 365 * 24 * 3600,
} as const;

/** Error codes of the saga admin requests (RemoteError.remoteCode at the gateway). */
export const SagaAdminErrors = {
  /** No saga of that id in the service: a 404. */
  notFound: 'SAGA_NOT_FOUND',
  /** The saga's state refuses the operation (retry once terminal, abort unless RUNNING): a 409. */
  conflict: 'SAGA_STATE_CONFLICT',
  /** A cursor the service did not hand out: a 400. */
  invalidCursor: 'INVALID_SAGA_CURSOR',
} as const;

/** Every state a saga instance can be in (FAILED: left by a version before issue 14). */
export const SAGA_STATUSES = [
  'RUNNING',
  'COMPENSATING',
  'COMPLETED',
  'COMPENSATED',
  'FAILED',
] as const;
export type SagaStatus = (typeof SAGA_STATUSES)[number];
export const sagaStatus = z.enum(SAGA_STATUSES);

export const sagaId = textId;
export const sagaCursor = z.string().min(1).max(SAGA_ADMIN_LIMITS.maxCursorLength);
export const operatorReason = z.string().trim().min(1).max(SAGA_ADMIN_LIMITS.maxReasonLength);

export const sagaSummary = z.object({
  id: sagaId,
  type: z.string(),
  status: sagaStatus,
  /** Index of the step whose action (RUNNING) or compensation (COMPENSATING) awaits a reply. */
  step: z.number().int().min(0),
  stepName: z.string(),
  /** Sends of that action or compensation so far. */
  attempt: z.number().int().min(0),
  /** When the awaited reply is overdue (ISO); null once terminal. */
  deadline: z.string().nullable(),
  /** Why the saga compensates. */
  reason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SagaSummaryView = z.output<typeof sagaSummary>;

export const sagaStepView = z.object({
  name: z.string(),
  /** The action's command type. */
  action: z.string(),
  /** The compensation's command type; null for a step with nothing to undo. */
  compensation: z.string().nullable(),
});

export const sagaTimelineEntry = z.object({
  step: z.number().int().min(0),
  stepName: z.string(),
  /** STARTED, ACTION_SENT, STEP_SUCCEEDED, ... RETRIED, ABORTED (libs/saga StepLogEvent). */
  event: z.string(),
  detail: z.string().nullable(),
  at: z.string(),
});

export const sagaDetail = sagaSummary.extend({
  context: z.unknown(),
  steps: z.array(sagaStepView),
  /** Oldest first; the most recent maxTimeline entries. */
  timeline: z.array(sagaTimelineEntry).max(SAGA_ADMIN_LIMITS.maxTimeline),
});
export type SagaDetailView = z.output<typeof sagaDetail>;

export const sagaListQuery = z.object({
  /** Only sagas in one of these states; all states when absent. */
  statuses: z.array(sagaStatus).min(1).max(SAGA_STATUSES.length).optional(),
  /** Only sagas not updated for at least this many seconds (stuck ones). */
  olderThanSeconds: z.number().int().min(0).max(SAGA_ADMIN_LIMITS.maxOlderThanSeconds).optional(),
  limit: z.number().int().min(1).max(SAGA_ADMIN_LIMITS.maxPerPage).default(50),
  after: sagaCursor.optional(),
});
export type SagaListQueryInput = z.input<typeof sagaListQuery>;

/** A page of sagas, the most recently updated first; `next` is the `after` of the next page. */
export const sagaPage = z.object({
  entries: z.array(sagaSummary),
  next: sagaCursor.optional(),
});
export type SagaPageView = z.output<typeof sagaPage>;

/** An operator's action on one saga: who (the gateway's token subject) and why, for its log. */
export const sagaOperation = z.object({
  id: sagaId,
  by: z.string().min(1).max(SAGA_ADMIN_LIMITS.maxOperatorLength),
  reason: operatorReason.optional(),
});
export type SagaOperation = z.output<typeof sagaOperation>;

/**
 * The saga admin requests a service running sagas answers (served by @railyard/saga's SagaModule),
 * one set per service since a request's type names its service. Only the gateway's admin routes
 * send them; the bus itself is authenticated, so a service trusts who can reach it.
 */
export function sagaAdminContracts(service: string) {
  return {
    list: defineQuery({
      type: `${service}.admin.sagas.list`,
      service,
      summary: "This service's sagas by state and age, most recently updated first, paged.",
      payload: sagaListQuery,
      result: sagaPage,
    }),
    show: defineQuery({
      type: `${service}.admin.sagas.show`,
      service,
      summary: 'One saga with its context, steps and timeline, or null if there is none.',
      payload: z.object({ id: sagaId }),
      result: z.object({ saga: sagaDetail.nullable() }),
    }),
    retry: defineCommand({
      type: `${service}.admin.sagas.retry`,
      service,
      summary: 'Sends the awaited action or compensation again now, with a fresh deadline.',
      payload: sagaOperation,
      result: sagaDetail,
    }),
    abort: defineCommand({
      type: `${service}.admin.sagas.abort`,
      service,
      summary: 'Compensates a RUNNING saga from its current step, as if that step had failed.',
      payload: sagaOperation,
      result: sagaDetail,
    }),
  };
}
export type SagaAdminContracts = ReturnType<typeof sagaAdminContracts>;
