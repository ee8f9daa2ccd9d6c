import { EntityManager } from 'typeorm';
import {
  Decision,
  formatReplyTag,
  isTerminal,
  parseReplyTag,
  SAGA_ID_HEADER,
  SAGA_STEP_HEADER,
  SagaDefinition,
  SagaHook,
  SagaHookContext,
  SagaMachine,
  SagaSend,
  SagaSettings,
  SagaState,
  StepLogEntry,
} from '@railyard/saga';
import { BusMessage, SimulatedNetwork } from './simulated-network';

/** The saga's hooks write to in-memory ports: there is no transaction and no causing envelope. */
const NO_TRANSACTION = {} as EntityManager;
const HOOK_CONTEXT: SagaHookContext = {};

/**
 * Does with each Decision what the orchestrator does in its transaction: replace the state, turn
 * sends into tagged commands, run the hook, and arm a timer at the deadline. It also checks the
 * shape of every Decision and throws on one the machine must never return.
 */
export class SimulatedOrchestrator<C> {
  readonly states = new Map<string, SagaState<C>>();
  readonly logs = new Map<string, StepLogEntry[]>();
  readonly hooks = new Map<string, SagaHook[]>();
  /** Why inputs were ignored, in order. */
  readonly ignored: string[] = [];
  private readonly machine: SagaMachine<C>;

  constructor(
    private readonly definition: SagaDefinition<C>,
    settings: SagaSettings,
    private readonly network: SimulatedNetwork,
  ) {
    this.machine = new SagaMachine(definition, settings);
  }

  start(id: string, context: C): Promise<void> {
    return this.carryOut(undefined, this.machine.start(id, context, this.now()));
  }

  /** Every event the sagas listen to; one without a saga id or a readable tag is not a reply. */
  readonly receive = async ({ type, payload, headers }: BusMessage): Promise<void> => {
    const state = this.states.get(headers[SAGA_ID_HEADER] ?? '');
    const tag = parseReplyTag(headers[SAGA_STEP_HEADER]);
    if (!state || !tag) return;
    await this.carryOut(state, this.machine.onReply(state, { type, payload, tag }, this.now()));
  };

  private async onDeadline(id: string): Promise<void> {
    const state = this.states.get(id) as SagaState<C>;
    await this.carryOut(state, this.machine.onDeadline(state, this.now()));
  }

  private async carryOut(before: SagaState<C> | undefined, decision: Decision<C>): Promise<void> {
    checkDecision(before, decision);
    const { state } = decision;
    if (decision.ignored) {
      this.ignored.push(decision.ignored);
      return;
    }
    this.states.set(state.id, state);
    this.logs.set(state.id, [...(this.logs.get(state.id) ?? []), ...decision.log]);
    for (const send of decision.sends) this.network.send(this.commandFor(state, send));
    if (state.deadline)
      this.network.at(Date.parse(state.deadline), () => this.onDeadline(state.id));
    if (!decision.hook) return;
    this.hooks.set(state.id, [...(this.hooks.get(state.id) ?? []), decision.hook]);
    if (decision.hook.kind === 'completed') {
      await this.definition.onCompleted(NO_TRANSACTION, state.context, HOOK_CONTEXT);
    } else {
      const { reason } = decision.hook;
      await this.definition.onCompensated(NO_TRANSACTION, state.context, reason, HOOK_CONTEXT);
    }
  }

  private commandFor(state: SagaState<C>, send: SagaSend): BusMessage {
    const step = this.definition.steps[send.step];
    const command = send.phase === 'action' ? step.action : step.compensation;
    if (!command) throw new Error(`${step.name} has no compensation to send`);
    return {
      type: command.type,
      payload: command.payload(state.context),
      headers: { [SAGA_ID_HEADER]: state.id, [SAGA_STEP_HEADER]: formatReplyTag(send) },
    };
  }

  private now(): Date {
    return new Date(this.network.now);
  }
}

/** What every Decision promises, whatever the input. */
function checkDecision<C>(before: SagaState<C> | undefined, decision: Decision<C>): void {
  const { state, sends, log, hook, ignored } = decision;
  const fail = (what: string) => {
    throw new Error(`${what}: ${JSON.stringify({ before, decision })}`);
  };
  if (ignored !== undefined) {
    if (state !== before || sends.length > 0 || log.length > 0 || hook) {
      fail('an ignored input changed something');
    }
    return;
  }
  if (before && isTerminal(before.status)) fail('a terminal saga moved');
  if (state.version !== (before?.version ?? 0) + 1) fail('the version did not go up by one');
  if (isTerminal(state.status) === (state.deadline !== null)) fail('deadline iff not terminal');
  const awaited: SagaSend | undefined = isTerminal(state.status)
    ? undefined
    : {
        step: state.step,
        phase: state.status === 'RUNNING' ? 'action' : 'compensation',
        attempt: state.attempt,
      };
  const [send, ...more] = sends;
  const sameSend =
    send?.step === awaited?.step &&
    send?.phase === awaited?.phase &&
    send?.attempt === awaited?.attempt;
  if (!sameSend || more.length > 0) fail('sends do not match the state');
  const hookFor: Record<string, SagaHook['kind']> = {
    COMPLETED: 'completed',
    COMPENSATED: 'compensated',
  };
  if (hook?.kind !== hookFor[state.status]) fail('hook does not match the status');
  if (hook?.kind === 'compensated' && hook.reason !== state.reason) fail('hook reason differs');
}
