import { SAGA_STATUSES, SagaStatus } from '@railyard/contracts';

// Defined with the saga admin contracts, which list sagas by them.
export { SAGA_STATUSES };
export type { SagaStatus };

/**
 * FAILED is not terminal: versions before issue 14 gave up on a compensation after its attempts
 * and left the order PENDING with its stock held. Such rows are resumed (RESUMED in the log) and
 * a late compensation reply still completes them; no saga enters FAILED any more.
 */
export const isTerminal = (status: SagaStatus) =>
  status === 'COMPLETED' || status === 'COMPENSATED';

export const TERMINAL_STATUSES: readonly SagaStatus[] = ['COMPLETED', 'COMPENSATED'];

/** A saga instance as the machine sees it (persisted as one row by the orchestrator). */
export interface SagaState<C> {
  id: string;
  type: string;
  status: SagaStatus;
  /** Index of the step whose action (RUNNING) or compensation (COMPENSATING) awaits a reply. */
  step: number;
  /** Sends of the current step's action or compensation so far (compensations are resent). */
  attempt: number;
  context: C;
  /** When the awaited reply is overdue (ISO); null once terminal. */
  deadline: string | null;
  /** Why the saga compensates or failed. */
  reason: string | null;
  /** Optimistic concurrency: bumped on every transition. */
  version: number;
}

export type StepLogEvent =
  | 'STARTED'
  | 'ACTION_SENT'
  | 'STEP_SUCCEEDED'
  | 'STEP_FAILED'
  | 'DEADLINE_PASSED'
  | 'COMPENSATION_SENT'
  /** The compensation went unanswered past its attempts; it is resent still, at a capped interval. */
  | 'STUCK'
  /** A FAILED saga (left by an older version) taken up again. */
  | 'RESUMED'
  | 'STEP_COMPENSATED'
  /** An operator had the awaited action or compensation sent again (detail: who, why). */
  | 'RETRIED'
  /** An operator aborted the running saga: it compensates from its current step. */
  | 'ABORTED'
  | 'COMPLETED'
  | 'COMPENSATED'
  /** Written by versions before issue 14 only. */
  | 'FAILED';

export interface StepLogEntry {
  step: number;
  event: StepLogEvent;
  detail?: string;
}
