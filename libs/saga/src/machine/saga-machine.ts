import { SagaDefinition } from '../definition/saga-definition';
import { MAX_TAGGED_ATTEMPT, Phase, ReplyTag } from './reply-tag';
import { compensationWaitMs, SagaSettings } from './saga-settings';
import { isTerminal, SagaState, StepLogEntry } from './saga-state';
import { SagaTransitionRefusedError } from './saga-transition-refused.error';

/** A command to stage, tagged so its reply can be matched. */
export interface SagaSend {
  step: number;
  phase: Phase;
  attempt: number;
}

export type SagaHook = { kind: 'completed' } | { kind: 'compensated'; reason: string };

/** The outcome of one input: the next state and what to do in the same transaction. */
export interface Decision<C> {
  state: SagaState<C>;
  sends: SagaSend[];
  log: StepLogEntry[];
  hook?: SagaHook;
  /** Set when the input changed nothing (stale, duplicate, unknown), saying why. */
  ignored?: string;
}

/** Who asks for an operator's transition, and why: written to the step log. */
export interface SagaOperator {
  by: string;
  reason?: string;
}

export interface SagaReply {
  type: string;
  payload: unknown;
  tag: ReplyTag;
}

/**
 * The saga state machine, pure: no I/O, time passed in. Forward through the steps; on a failed
 * reply compensate the steps that succeeded, in reverse; on a deadline compensate the current step
 * too (its outcome is unknown; compensations are safe either way). Compensations are resent with
 * capped backoff until answered, however long that takes: a saga always ends COMPLETED or
 * COMPENSATED. Past `stuckAfterAttempts` sends it is STUCK (logged once) and the cap grows.
 */
export class SagaMachine<C> {
  constructor(
    private readonly definition: SagaDefinition<C>,
    private readonly settings: SagaSettings,
  ) {}

  start(id: string, context: C, now: Date): Decision<C> {
    const state: SagaState<C> = {
      id,
      type: this.definition.type,
      status: 'RUNNING',
      step: 0,
      attempt: 0,
      context,
      deadline: null,
      reason: null,
      version: 0,
    };
    return this.runStep(state, 0, now, [{ step: 0, event: 'STARTED' }]);
  }

  onReply(state: SagaState<C>, reply: SagaReply, now: Date): Decision<C> {
    if (isTerminal(state.status)) return ignore(state, `saga is ${state.status}`);
    const phase: Phase = state.status === 'RUNNING' ? 'action' : 'compensation';
    if (reply.tag.step !== state.step || reply.tag.phase !== phase) {
      return ignore(state, `stale reply for step ${reply.tag.step} (${reply.tag.phase})`);
    }
    const step = this.definition.steps[state.step];
    if (phase === 'compensation') {
      if (!step.compensation?.replies.some((contract) => contract.type === reply.type)) {
        return ignore(state, `${reply.type} does not answer ${step.name}'s compensation`);
      }
      if (reply.tag.attempt > state.attempt) {
        return ignore(
          state,
          `attempt ${reply.tag.attempt} of ${step.name}'s compensation was never sent`,
        );
      }
      return this.compensateBelow(state, state.step - 1, now, [
        { step: state.step, event: 'STEP_COMPENSATED', detail: reply.type },
      ]);
    }
    const interpret = step.replies.find((r) => r.contract.type === reply.type)?.meaning;
    if (!interpret || reply.tag.attempt !== state.attempt) {
      return ignore(state, `${reply.type} does not answer ${step.name} attempt ${state.attempt}`);
    }
    const outcome = interpret(reply.payload, state.context);
    if (!outcome.ok) {
      const log: StepLogEntry[] = [
        { step: state.step, event: 'STEP_FAILED', detail: outcome.reason },
      ];
      return this.compensateBelow({ ...state, reason: outcome.reason }, state.step - 1, now, log);
    }
    const next = { ...state, context: outcome.context ?? state.context };
    const log: StepLogEntry[] = [{ step: state.step, event: 'STEP_SUCCEEDED', detail: reply.type }];
    if (state.step + 1 < this.definition.steps.length)
      return this.runStep(next, state.step + 1, now, log);
    return {
      state: { ...next, status: 'COMPLETED', deadline: null, version: state.version + 1 },
      sends: [],
      log: [...log, { step: state.step, event: 'COMPLETED' }],
      hook: { kind: 'completed' },
    };
  }

  onDeadline(state: SagaState<C>, now: Date): Decision<C> {
    if (state.status === 'FAILED') return this.resume(state, now);
    if (isTerminal(state.status) || !state.deadline) return ignore(state, 'no deadline pending');
    if (new Date(state.deadline) > now) return ignore(state, 'deadline not reached');
    const log: StepLogEntry[] = [
      { step: state.step, event: 'DEADLINE_PASSED', detail: `attempt ${state.attempt}` },
    ];
    if (state.status === 'RUNNING') {
      // The action may have happened: compensate it too.
      return this.compensateBelow({ ...state, reason: 'timeout' }, state.step, now, log);
    }
    return this.sendCompensation(state, state.step, nextAttempt(state.attempt), now, log);
  }

  /**
   * An operator's retry: what the saga awaits is sent again now under the next attempt, with a
   * fresh deadline. The action of a RUNNING step (only the newest attempt's reply counts, so an
   * outcome the service reached before is not mixed with the new one), or the compensation of a
   * COMPENSATING (or FAILED) one. Refused once the saga ended: nothing is awaited.
   */
  retry(state: SagaState<C>, operator: SagaOperator, now: Date): Decision<C> {
    if (isTerminal(state.status)) {
      throw new SagaTransitionRefusedError(
        `saga ${state.id} is ${state.status}: it awaits nothing to retry`,
      );
    }
    const log: StepLogEntry[] = [
      { step: state.step, event: 'RETRIED', detail: operatorNote(operator) },
    ];
    const attempt = nextAttempt(state.attempt);
    if (state.status === 'RUNNING') return this.sendAction(state, state.step, attempt, now, log);
    return this.sendCompensation(state, state.step, attempt, now, log);
  }

  /**
   * An operator's abort of a RUNNING saga: it compensates as on a deadline, the current step
   * included (its action may have happened). A compensating saga cannot be aborted: compensating
   * is what makes it safe; nor one that ended.
   */
  abort(state: SagaState<C>, operator: SagaOperator, now: Date): Decision<C> {
    if (state.status !== 'RUNNING') {
      const why = isTerminal(state.status)
        ? 'it has ended'
        : 'its compensation is what makes it safe; retry it instead';
      throw new SagaTransitionRefusedError(
        `saga ${state.id} is ${state.status} and cannot be aborted: ${why}`,
      );
    }
    const reason = operator.reason
      ? `aborted by operator: ${operator.reason}`
      : 'aborted by operator';
    const log: StepLogEntry[] = [
      { step: state.step, event: 'ABORTED', detail: operatorNote(operator) },
    ];
    return this.compensateBelow({ ...state, reason }, state.step, now, log);
  }

  /** A saga an older version gave up on: its compensation is resent, counting on. */
  private resume(state: SagaState<C>, now: Date): Decision<C> {
    const log: StepLogEntry[] = [
      { step: state.step, event: 'RESUMED', detail: `after ${state.attempt} sends` },
    ];
    return this.sendCompensation(state, state.step, nextAttempt(state.attempt), now, log);
  }

  private runStep(state: SagaState<C>, step: number, now: Date, log: StepLogEntry[]): Decision<C> {
    return this.sendAction(state, step, 1, now, log);
  }

  private sendAction(
    state: SagaState<C>,
    step: number,
    attempt: number,
    now: Date,
    log: StepLogEntry[],
  ): Decision<C> {
    const deadlineMs = this.definition.steps[step].deadlineMs ?? this.settings.stepDeadlineMs;
    // An action is sent once, unless an operator retries it: only then is its attempt worth a word.
    const sent: StepLogEntry =
      attempt === 1
        ? { step, event: 'ACTION_SENT' }
        : { step, event: 'ACTION_SENT', detail: `attempt ${attempt}` };
    return {
      state: {
        ...state,
        status: 'RUNNING',
        step,
        attempt,
        deadline: new Date(now.getTime() + deadlineMs).toISOString(),
        version: state.version + 1,
      },
      sends: [{ step, phase: 'action', attempt }],
      log: [...log, sent],
    };
  }

  /** Compensates the highest step ≤ `from` that has a compensation; done when none is left. */
  private compensateBelow(
    state: SagaState<C>,
    from: number,
    now: Date,
    log: StepLogEntry[],
  ): Decision<C> {
    for (let step = from; step >= 0; step--) {
      if (this.definition.steps[step].compensation)
        return this.sendCompensation(state, step, 1, now, log);
    }
    const reason = state.reason ?? 'compensated';
    return {
      state: {
        ...state,
        status: 'COMPENSATED',
        deadline: null,
        reason,
        version: state.version + 1,
      },
      sends: [],
      log: [...log, { step: Math.max(0, from), event: 'COMPENSATED', detail: reason }],
      hook: { kind: 'compensated', reason },
    };
  }

  private sendCompensation(
    state: SagaState<C>,
    step: number,
    attempt: number,
    now: Date,
    log: StepLogEntry[],
  ): Decision<C> {
    const wait = compensationWaitMs(this.settings.compensation, attempt);
    const { stuckAfterAttempts } = this.settings.compensation;
    const stuck: StepLogEntry[] =
      attempt === stuckAfterAttempts + 1
        ? [{ step, event: 'STUCK', detail: `unanswered after ${stuckAfterAttempts} sends` }]
        : [];
    return {
      state: {
        ...state,
        status: 'COMPENSATING',
        step,
        attempt,
        deadline: new Date(now.getTime() + wait).toISOString(),
        version: state.version + 1,
      },
      sends: [{ step, phase: 'compensation', attempt }],
      log: [...log, ...stuck, { step, event: 'COMPENSATION_SENT', detail: `attempt ${attempt}` }],
    };
  }
}

/** Past the last attempt a tag can carry, the same attempt is resent: its reply still counts. */
const nextAttempt = (attempt: number) => Math.min(attempt + 1, MAX_TAGGED_ATTEMPT);

/** `by ops: stuck on a dead letter`: who asked, and why if they said. */
const operatorNote = ({ by, reason }: SagaOperator) =>
  reason ? `by ${by}: ${reason}` : `by ${by}`;

function ignore<C>(state: SagaState<C>, why: string): Decision<C> {
  return { state, sends: [], log: [], ignored: why };
}
