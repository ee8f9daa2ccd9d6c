import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { EntityManager, In, LessThanOrEqual } from 'typeorm';
import { createEnvelope, Envelope } from '@railyard/messaging';
import { Inbox, Outbox, SqlStatement, UnitOfWork } from '@railyard/persistence';
import { MetricsRegistry } from '@railyard/platform';
import { AnySagaDefinition, SagaDefinition, SagaHookContext } from '../definition/saga-definition';
import {
  formatReplyTag,
  parseReplyTag,
  SAGA_ID_HEADER,
  SAGA_STEP_HEADER,
} from '../machine/reply-tag';
import { Decision, SagaMachine, SagaOperator } from '../machine/saga-machine';
import { SagaSettings } from '../machine/saga-settings';
import { SagaState } from '../machine/saga-state';
import { SagaMetricFamilies } from '../metrics/saga-metric-families';
import { SagaInstanceEntity } from '../persistence/saga-instance.entity';
import { SAGA_TRIGGER } from '../tracing/saga-span-attributes';
import { traceSagaTransition } from '../tracing/saga-transition-span';
import { SagaClock } from './saga-clock';
import { SagaNotFoundError } from './saga-not-found.error';
import { SAGA_DEFINITIONS, SAGA_SETTINGS } from './saga.tokens';

type Cause = Pick<Envelope, 'messageId' | 'correlationId'>;

/**
 * The statements of every transition, past TypeORM's query builder (several times the cost of the
 * statements themselves). Columns as in the saga-tables migration.
 */
const SQL = {
  insert: new SqlStatement(
    'INSERT INTO saga_instance (id, type, status, step, attempt, context, deadline, reason, ' +
      'version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)',
  ),
  update: new SqlStatement(
    'UPDATE saga_instance SET type = $1, status = $2, step = $3, attempt = $4, context = $5, ' +
      'deadline = $6, reason = $7, version = $8, updated_at = $9 WHERE id = $10 AND version = $11',
  ),
  logStep: new SqlStatement(
    'INSERT INTO saga_step_log (saga_id, step, event, detail, at) VALUES ($1, $2, $3, $4, $5)',
  ),
};
/** The instance, locked until the transaction ends. */
const LOCK_INSTANCE = new SqlStatement(
  'SELECT id, type, status, step, attempt, context, deadline, reason, version, ' +
    'created_at AS "createdAt", updated_at AS "updatedAt" FROM saga_instance WHERE id = $1',
  { lockRows: true },
);
export type ReplyOutcome = 'applied' | 'ignored' | 'duplicate';

/** What a transition needs of the stored row it changes. */
type StoredSaga = Pick<SagaInstanceEntity, 'status' | 'version' | 'createdAt'>;

/**
 * Runs sagas durably: each transition (state row, step log, commands via the outbox, local hooks)
 * commits in one transaction of the owning service's database, so a crash at any point resumes
 * from the last commit. Replies are taken at most once (inbox) and only for the step they answer.
 * With tracing on, each transition is a span, active while its commands are staged
 * (traceSagaTransition).
 */
@Injectable()
export class SagaOrchestrator {
  private readonly logger = new Logger(SagaOrchestrator.name);
  private readonly definitions = new Map<string, SagaDefinition<unknown>>();
  private readonly metrics?: SagaMetricFamilies;

  constructor(
    @Inject(SAGA_DEFINITIONS) definitions: AnySagaDefinition[],
    @Inject(SAGA_SETTINGS) private readonly settings: SagaSettings,
    private readonly uow: UnitOfWork,
    private readonly inbox: Inbox,
    private readonly outbox: Outbox,
    private readonly clock: SagaClock,
    // An app without MetricsModule runs its sagas all the same, uncounted.
    @Optional() metrics?: MetricsRegistry,
  ) {
    for (const definition of definitions) {
      if (this.definitions.has(definition.type)) {
        throw new Error(`two sagas of type ${definition.type} are registered`);
      }
      this.definitions.set(definition.type, definition);
    }
    if (metrics) this.metrics = new SagaMetricFamilies(metrics, [...this.definitions.keys()]);
  }

  /** Starts a saga inside the caller's transaction, e.g. with the row that the saga is about. */
  async start<C>(
    tx: EntityManager,
    type: string,
    id: string,
    context: C,
    cause?: Cause,
  ): Promise<void> {
    const definition = this.definition(type);
    await traceSagaTransition(
      definition,
      { id, trigger: SAGA_TRIGGER.start },
      () => this.machine(definition).start(id, context, this.clock.now()),
      async (decision) => {
        await this.insert(tx, decision.state);
        return this.apply(tx, definition, decision, cause);
      },
    );
  }

  /** A reply from the bus. */
  async handleReply(envelope: Envelope): Promise<ReplyOutcome> {
    const id = envelope.headers[SAGA_ID_HEADER];
    const tag = parseReplyTag(envelope.headers[SAGA_STEP_HEADER]);
    if (!id || !tag) {
      this.logger.debug(`${envelope.type} ${envelope.messageId} carries no saga tag; ignored`);
      return 'ignored';
    }
    const outcome = await this.inbox.once(envelope, 'saga-orchestrator', async (tx) => {
      const row = await this.lockInstance(tx, id);
      if (!row) return 'ignored' as const;
      const definition = this.definition(row.type);
      return traceSagaTransition(
        definition,
        { id, trigger: envelope.type, from: row.status },
        () =>
          this.machine(definition).onReply(
            fromRow(row),
            { type: envelope.type, payload: envelope.payload, tag },
            this.clock.now(),
          ),
        (decision) => this.apply(tx, definition, decision, envelope, row),
      );
    });
    return outcome.duplicate ? 'duplicate' : outcome.result;
  }

  /** Past a deadline: the step fails (RUNNING) or its compensation is resent (COMPENSATING). */
  async handleDeadline(id: string): Promise<ReplyOutcome> {
    const outcome = await this.transition(id, SAGA_TRIGGER.timeout, (machine, state, now) =>
      machine.onDeadline(state, now),
    );
    return outcome ?? 'ignored';
  }

  /**
   * An operator's retry (SagaMachine.retry): what the saga awaits is sent again now. Throws
   * SagaNotFoundError for an unknown id and SagaTransitionRefusedError once the saga ended.
   */
  async retry(id: string, operator: SagaOperator): Promise<void> {
    const outcome = await this.transition(id, SAGA_TRIGGER.retry, (machine, state, now) =>
      machine.retry(state, operator, now),
    );
    if (!outcome) throw new SagaNotFoundError(id);
  }

  /**
   * An operator's abort (SagaMachine.abort): a RUNNING saga compensates from its current step.
   * Throws SagaNotFoundError for an unknown id and SagaTransitionRefusedError unless it is RUNNING.
   */
  async abort(id: string, operator: SagaOperator): Promise<void> {
    const outcome = await this.transition(id, SAGA_TRIGGER.abort, (machine, state, now) =>
      machine.abort(state, operator, now),
    );
    if (!outcome) throw new SagaNotFoundError(id);
  }

  /**
   * One transition of a stored saga that no message caused (a deadline, an operator), in one
   * transaction with its row locked. Undefined when there is no such saga.
   */
  private transition(
    id: string,
    trigger: string,
    decide: (
      machine: SagaMachine<unknown>,
      state: SagaState<unknown>,
      now: Date,
    ) => Decision<unknown>,
  ): Promise<ReplyOutcome | undefined> {
    return this.uow.run(async (tx) => {
      const row = await this.lockInstance(tx, id);
      if (!row) return undefined;
      const definition = this.definition(row.type);
      return traceSagaTransition(
        definition,
        { id, trigger, from: row.status },
        () => decide(this.machine(definition), fromRow(row), this.clock.now()),
        (decision) => this.apply(tx, definition, decision, undefined, row),
      );
    });
  }

  /** Ids of sagas whose awaited reply is overdue, and of FAILED ones an older version left. */
  async overdue(limit: number): Promise<string[]> {
    const rows = await this.uow.dataSource.getRepository(SagaInstanceEntity).find({
      select: { id: true },
      where: [
        {
          status: In(['RUNNING', 'COMPENSATING']),
          deadline: LessThanOrEqual(this.clock.now().toISOString()),
        },
        { status: 'FAILED' },
      ],
      order: { deadline: 'ASC' },
      take: limit,
    });
    return rows.map((row) => row.id);
  }

  /** The row of a saga just started, in the transaction of its first transition. */
  private async insert(tx: EntityManager, state: SagaState<unknown>): Promise<void> {
    const now = this.clock.now().toISOString();
    const row = toRow(state);
    await SQL.insert.run(tx, [row.id, ...stateColumns(row), now, now]);
  }

  private async apply(
    tx: EntityManager,
    definition: SagaDefinition<unknown>,
    decision: Decision<unknown>,
    cause?: Cause,
    /** The row as locked; none when the decision starts the saga (its row was just inserted). */
    stored?: StoredSaga,
  ): Promise<ReplyOutcome> {
    const { state } = decision;
    if (decision.ignored) {
      this.logger.debug(`saga ${state.id}: ${decision.ignored}`);
      return 'ignored';
    }
    const now = this.clock.now().toISOString();
    if (stored) {
      const row = toRow(state);
      const result = await SQL.update.run(tx, [...stateColumns(row), now, row.id, stored.version]);
      // Locked above on PostgreSQL; on SQLite writers take turns. Kept as a tripwire all the same.
      if (result.affected === 0) throw new Error(`saga ${state.id} changed concurrently; retrying`);
    }
    // Counted after the commit: should the work below fail (a hook), nothing is.
    this.count(tx, decision, now, stored);
    for (const entry of decision.log) {
      const detail = entry.detail?.slice(0, 512) ?? null;
      await SQL.logStep.run(tx, [state.id, entry.step, entry.event, detail, now]);
    }
    for (const send of decision.sends) {
      const step = definition.steps[send.step];
      const command = send.phase === 'action' ? step.action : step.compensation!;
      const envelope = createEnvelope({
        type: command.type,
        version: command.version,
        payload: command.payload(state.context),
        aggregateId: command.aggregateId?.(state.context) ?? state.id,
        causedBy: cause,
        headers: { [SAGA_ID_HEADER]: state.id, [SAGA_STEP_HEADER]: formatReplyTag(send) },
      });
      await this.outbox.add(tx, envelope);
    }
    const hook: SagaHookContext = { cause };
    if (decision.hook?.kind === 'completed') await definition.onCompleted(tx, state.context, hook);
    if (decision.hook?.kind === 'compensated') {
      await definition.onCompensated(tx, state.context, decision.hook.reason, hook);
    }
    for (const entry of decision.log) {
      if (entry.event !== 'STUCK' && entry.event !== 'RESUMED') continue;
      this.logger.warn(
        `saga ${state.type} ${state.id} ${entry.event} at step ${definition.steps[entry.step]?.name}` +
          ` (${entry.detail}): its compensation is resent until answered, at most every ` +
          `${this.settings.compensation.stuckMaxDelayMs} ms`,
      );
    }
    return 'applied';
  }

  /**
   * Counts the transition once its transaction commits: an attempt rolled back (a conflict, a
   * failed hook, a crash) and redone by a redelivery or the next deadline scan counts once.
   */
  private count(tx: EntityManager, decision: Decision<unknown>, at: string, stored?: StoredSaga) {
    const metrics = this.metrics;
    if (!metrics) return;
    const transition = {
      saga: decision.state.type,
      from: stored?.status,
      to: decision.state.status,
      startedAt: stored?.createdAt ?? at,
      at,
      stuck: decision.log.some((entry) => entry.event === 'STUCK'),
    };
    this.uow.afterCommit(tx, () => metrics.committed(transition));
  }

  private async lockInstance(tx: EntityManager, id: string): Promise<SagaInstanceEntity | null> {
    const { rows } = await LOCK_INSTANCE.run(tx, [id]);
    return (rows[0] as unknown as SagaInstanceEntity | undefined) ?? null;
  }

  private definition(type: string): SagaDefinition<unknown> {
    const definition = this.definitions.get(type);
    if (!definition) throw new Error(`no saga of type ${type} is registered`);
    return definition;
  }

  private machine(definition: SagaDefinition<unknown>): SagaMachine<unknown> {
    return new SagaMachine(definition, this.settings);
  }
}

function toRow(state: SagaState<unknown>): Omit<SagaInstanceEntity, 'createdAt' | 'updatedAt'> {
  return {
    id: state.id,
    type: state.type,
    status: state.status,
    step: state.step,
    attempt: state.attempt,
    context: JSON.stringify(state.context),
    deadline: state.deadline,
    reason: state.reason,
    version: state.version,
  };
}

/** The columns a transition writes, in the order of both statements' parameters from type on. */
function stateColumns(row: ReturnType<typeof toRow>): unknown[] {
  return [
    row.type,
    row.status,
    row.step,
    row.attempt,
    row.context,
    row.deadline,
    row.reason,
    row.version,
  ];
}

function fromRow(row: SagaInstanceEntity): SagaState<unknown> {
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    step: row.step,
    attempt: row.attempt,
    context: JSON.parse(row.context) as unknown,
    deadline: row.deadline,
    reason: row.reason,
    version: row.version,
  };
}
