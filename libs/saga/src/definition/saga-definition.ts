import { EntityManager } from 'typeorm';
import { OneWayContract, PayloadInput } from '@railyard/contracts';
import type { z } from 'zod/v4';
import { Envelope } from '@railyard/messaging';

/** A command a saga sends over the bus (staged in the outbox, in the saga's transaction). */
export interface SagaCommand<C> {
  type: string;
  /** The contract's version, sent in the envelope so that the receiver can upcast; 1 if absent. */
  version?: number;
  payload(context: C): unknown;
  /** Ordering key of the command; defaults to the saga id. */
  aggregateId?(context: C): string;
}

/** How a reply ends a step: success (optionally enriching the context) or failure with a reason. */
export type StepOutcome<C> = { ok: true; context?: C } | { ok: false; reason: string };

/** What one reply means for a step, given its payload as the bus delivered it. */
export type ReplyMeaning<C> = (payload: unknown, context: C) => StepOutcome<C>;

/** A reply a step's action awaits: its contract and what it means (made by `on`). */
export interface StepReply<C> {
  readonly contract: OneWayContract;
  readonly meaning: ReplyMeaning<C>;
}

/**
 * A step's action or compensation: a one-way command by its contract, its payload built from the
 * saga's context (typed by the contract).
 */
export function sendCommand<C, K extends OneWayContract>(
  contract: K,
  payload: (context: C) => PayloadInput<K>,
  options: { aggregateId?: (context: C) => string } = {},
): SagaCommand<C> {
  return { type: contract.type, version: contract.version, payload, ...options };
}

/**
 * What a reply event means for a step: `on(PaymentFailed, (p) => ({ ok: false, reason: p.reason }))`.
 * The payload is parsed by the event's contract first; one that does not fit fails the step with
 * the contract's complaint as reason, instead of reaching the meaning half-typed.
 */
export function on<C, P extends z.ZodType>(
  contract: OneWayContract<P>,
  meaning: (payload: z.output<P>, context: C) => StepOutcome<C>,
): StepReply<C> {
  return {
    contract,
    meaning: (payload, context) => {
      const parsed = contract.payload.safeParse(payload);
      if (parsed.success) return meaning(parsed.data, context);
      return { ok: false, reason: `invalid ${contract.type}: ${parsed.error.issues[0]?.message}` };
    },
  };
}

export interface SagaStep<C> {
  name: string;
  action: SagaCommand<C>;
  /** The replies that end the action, one `on(...)` each; other events are not its business. */
  replies: readonly StepReply<C>[];
  /**
   * Undoes the action; must be idempotent and safe before the action too (it may overtake it).
   * Any of its reply contracts means "undone".
   */
  compensation?: SagaCommand<C> & { replies: readonly OneWayContract[] };
  /** How long the step may wait for its reply; past it the step counts as failed. */
  deadlineMs?: number;
}

/** What the hooks get besides the transaction: the message that caused the transition, if any. */
export interface SagaHookContext {
  cause?: Pick<Envelope, 'messageId' | 'correlationId'>;
}

/**
 * A saga: its steps and what it does locally once it ends. Declared as an `@Injectable()` class
 * registered with `SagaModule.forRoot({ sagas: [...] })`; its hooks use the services injected
 * through its constructor.
 */
export interface SagaDefinition<C> {
  /** Stable name, stored with every instance; one saga per type in a service. */
  readonly type: string;
  readonly steps: readonly SagaStep<C>[];
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

/**
 * Every reply contract a set of sagas listens to (actions' and compensations'), by type, sorted:
 * the bus patterns the sagas' replies are taken from. Two different contracts of one type are
 * refused.
 */
export function replyContractsOf(
  sagas: readonly AnySagaDefinition[],
): ReadonlyMap<string, OneWayContract> {
  const contracts = new Map<string, OneWayContract>();
  const add = (contract: OneWayContract) => {
    const known = contracts.get(contract.type);
    if (known && known !== contract) {
      throw new Error(`two different contracts of type ${contract.type} answer the sagas`);
    }
    contracts.set(contract.type, contract);
  };
  for (const saga of sagas) {
    for (const step of saga.steps) {
      step.replies.forEach((reply) => add(reply.contract));
      step.compensation?.replies.forEach(add);
    }
  }
  return new Map([...contracts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
