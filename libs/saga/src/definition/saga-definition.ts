import { ModuleRef } from '@nestjs/core';
import { EntityManager } from 'typeorm';
import { Envelope } from '@railyard/messaging';

/** A command a saga sends over the bus (staged in the outbox, in the saga's transaction). */
export interface SagaCommand<C> {
  type: string;
  payload(context: C): unknown;
  /** Ordering key of the command; defaults to the saga id. */
  aggregateId?(context: C): string;
}

/** How a reply ends a step: success (optionally enriching the context) or failure with a reason. */
export type StepOutcome<C> = { ok: true; context?: C } | { ok: false; reason: string };

export interface SagaStep<C> {
  name: string;
  action: SagaCommand<C>;
  /** Reply event type → its meaning for this step. Other event types are not this step's business. */
  replies: Record<string, (payload: unknown, context: C) => StepOutcome<C>>;
  /** Undoes the action; must be idempotent and safe before the action too (it may overtake it). */
  compensation?: SagaCommand<C> & { replies: string[] };
  /** How long the step may wait for its reply; past it the step counts as failed. */
  deadlineMs?: number;
}

/** What the hooks get besides the transaction: the module's providers and the causing message. */
export interface SagaHookContext {
  moduleRef: ModuleRef;
  cause?: Pick<Envelope, 'messageId' | 'correlationId'>;
}

export interface SagaDefinition<C> {
  /** Stable name, stored with every instance. */
  type: string;
  steps: SagaStep<C>[];
  /** Runs in the transaction that records the last step's success. */
  onCompleted(tx: EntityManager, context: C, hook: SagaHookContext): Promise<void>;
  /** Runs in the transaction that records the last compensation (or a failure with none to do). */
  onCompensated(
    tx: EntityManager,
    context: C,
    reason: string,
    hook: SagaHookContext,
  ): Promise<void>;
}

/** Sagas of different contexts in one list (a module's registry). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the context type varies per saga
export type AnySagaDefinition = SagaDefinition<any>;

/** Identity function that types a saga declaration. */
export function defineSaga<C>(definition: SagaDefinition<C>): SagaDefinition<C> {
  return definition;
}

/** Every reply type a set of sagas listens to (actions' and compensations'). */
export function replyTypesOf(sagas: readonly AnySagaDefinition[]): string[] {
  const types = new Set<string>();
  for (const saga of sagas) {
    for (const step of saga.steps) {
      Object.keys(step.replies).forEach((t) => types.add(t));
      step.compensation?.replies.forEach((t) => types.add(t));
    }
  }
  return [...types].sort();
}
