import { Attributes } from '@opentelemetry/api';
import { SagaDefinition } from '../definition/saga-definition';
import { Decision } from '../machine/saga-machine';
import { isTerminal, SagaStatus } from '../machine/saga-state';

/** Railyard's saga attributes, beside the bus's `railyard.*` ones (messaging's bus-semconv). */
export const ATTR_SAGA_TYPE = 'railyard.saga.type';
export const ATTR_SAGA_ID = 'railyard.saga.id';
/**
 * What drove the transition: the reply's message type, `start`, `timeout`, or an operator's
 * `retry` or `abort` (SAGA_TRIGGER).
 */
export const ATTR_SAGA_TRIGGER = 'railyard.saga.trigger';
/** The status before; absent when the transition starts the saga. */
export const ATTR_SAGA_FROM_STATE = 'railyard.saga.from_state';
export const ATTR_SAGA_TO_STATE = 'railyard.saga.to_state';
/** The step whose action or compensation the saga awaits now (or ended at), by name. */
export const ATTR_SAGA_STEP = 'railyard.saga.step';
/** Sends of that step's action or compensation so far (a resent compensation counts up). */
export const ATTR_SAGA_ATTEMPT = 'railyard.saga.attempt';
/** True when the transition undoes steps: it enters COMPENSATING or COMPENSATED. */
export const ATTR_SAGA_COMPENSATING = 'railyard.saga.compensating';
/** The terminal status entered (COMPLETED or COMPENSATED), as the duration metric's `outcome`. */
export const ATTR_SAGA_OUTCOME = 'railyard.saga.outcome';
/** Why the saga compensates: the failing service's reason, or `timeout`. */
export const ATTR_SAGA_REASON = 'railyard.saga.reason';
/** Why the machine changed nothing (a stale or late reply, a deadline moved meanwhile). */
export const ATTR_SAGA_IGNORED = 'railyard.saga.ignored';

/** The triggers that are no message type. */
export const SAGA_TRIGGER = {
  start: 'start',
  timeout: 'timeout',
  retry: 'retry',
  abort: 'abort',
} as const;

/** As the step log keeps it: reasons are free text from other services' replies. */
const MAX_REASON = 512;

export interface SagaTransitionInput {
  id: string;
  /** A reply's message type, or one of SAGA_TRIGGER. */
  trigger: string;
  from?: SagaStatus;
}

/** What is known before the machine decides: the span's attributes at its start. */
export function inputAttributes(
  type: string,
  { id, trigger, from }: SagaTransitionInput,
): Attributes {
  const attributes: Attributes = {
    [ATTR_SAGA_TYPE]: type,
    [ATTR_SAGA_ID]: id,
    [ATTR_SAGA_TRIGGER]: trigger,
  };
  if (from) attributes[ATTR_SAGA_FROM_STATE] = from;
  return attributes;
}

/** What the machine decided, once it has. */
export function decisionAttributes<C>(
  definition: SagaDefinition<C>,
  { state, ignored }: Decision<C>,
): Attributes {
  if (ignored) return { [ATTR_SAGA_IGNORED]: ignored };
  const compensating = state.status === 'COMPENSATING' || state.status === 'COMPENSATED';
  const attributes: Attributes = {
    [ATTR_SAGA_TO_STATE]: state.status,
    [ATTR_SAGA_STEP]: definition.steps[state.step]?.name,
    [ATTR_SAGA_COMPENSATING]: compensating,
  };
  // Once ended, the saga awaits nothing: its last attempt count would only mislead.
  if (isTerminal(state.status)) attributes[ATTR_SAGA_OUTCOME] = state.status;
  else attributes[ATTR_SAGA_ATTEMPT] = state.attempt;
  if (compensating && state.reason) {
    attributes[ATTR_SAGA_REASON] = state.reason.slice(0, MAX_REASON);
  }
  return attributes;
}
