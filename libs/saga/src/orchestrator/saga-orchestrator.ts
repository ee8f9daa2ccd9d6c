import { Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { EntityManager, In, LessThanOrEqual } from 'typeorm';
import { Envelope } from '@railyard/messaging';
import { Inbox, lockRows, Outbox, UnitOfWork } from '@railyard/persistence';
import { SagaDefinition } from '../definition/saga-definition';
import {
  formatReplyTag,
  parseReplyTag,
  SAGA_ID_HEADER,
  SAGA_STEP_HEADER,
} from '../machine/reply-tag';
import { Decision, SagaMachine } from '../machine/saga-machine';
import { SagaSettings } from '../machine/saga-settings';
import { SagaState } from '../machine/saga-state';
import { SagaInstanceEntity } from '../persistence/saga-instance.entity';
import { SagaStepLogEntity } from '../persistence/saga-step-log.entity';
import { SAGA_DEFINITIONS, SAGA_SETTINGS } from './saga.tokens';

type Cause = Pick<Envelope, 'messageId' | 'correlationId'>;
export type ReplyOutcome = 'applied' | 'ignored' | 'duplicate';

/**
 * Runs sagas durably: each transition (state row, step log, commands via the outbox, local hooks)
 * commits in one transaction of the owning service's database, so a crash at any point resumes
 * from the last commit. Replies are taken at most once (inbox) and only for the step they answer.
 */
@Injectable()
export class SagaOrchestrator {
  private readonly logger = new Logger(SagaOrchestrator.name);
  private readonly definitions = new Map<string, SagaDefinition<unknown>>();

  constructor(
    @Inject(SAGA_DEFINITIONS) definitions: SagaDefinition<unknown>[],
    @Inject(SAGA_SETTINGS) private readonly settings: SagaSettings,
    private readonly uow: UnitOfWork,
    private readonly inbox: Inbox,
    private readonly outbox: Outbox,
    private readonly moduleRef: ModuleRef,
  ) {
    for (const definition of definitions) this.definitions.set(definition.type, definition);
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
    const decision = this.machine(definition).start(id, context, new Date());
    const now = new Date().toISOString();
    await tx
      .getRepository(SagaInstanceEntity)
      .insert({ ...toRow(decision.state), createdAt: now, updatedAt: now });
    await this.apply(tx, definition, decision, cause);
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
      const decision = this.machine(definition).onReply(
        fromRow(row),
        { type: envelope.type, payload: envelope.payload, tag },
        new Date(),
      );
      return this.apply(tx, definition, decision, envelope, row.version);
    });
    return outcome.duplicate ? 'duplicate' : outcome.result;
  }

  /** Past a deadline: the step fails (RUNNING) or its compensation is resent (COMPENSATING). */
  handleDeadline(id: string): Promise<ReplyOutcome> {
    return this.uow.run(async (tx) => {
      const row = await this.lockInstance(tx, id);
      if (!row) return 'ignored';
      const definition = this.definition(row.type);
      const decision = this.machine(definition).onDeadline(fromRow(row), new Date());
      return this.apply(tx, definition, decision, undefined, row.version);
    });
  }

  /** Ids of sagas whose awaited reply is overdue. */
  async overdue(limit: number): Promise<string[]> {
    const rows = await this.uow.dataSource.getRepository(SagaInstanceEntity).find({
      select: { id: true },
      where: {
        status: In(['RUNNING', 'COMPENSATING']),
        deadline: LessThanOrEqual(new Date().toISOString()),
      },
      order: { deadline: 'ASC' },
      take: limit,
    });
    return rows.map((row) => row.id);
  }

  private async apply(
    tx: EntityManager,
    definition: SagaDefinition<unknown>,
    decision: Decision<unknown>,
    cause?: Cause,
    expectedVersion?: number,
  ): Promise<ReplyOutcome> {
    const { state } = decision;
    if (decision.ignored) {
      this.logger.debug(`saga ${state.id}: ${decision.ignored}`);
      return 'ignored';
    }
    const now = new Date().toISOString();
    if (expectedVersion !== undefined) {
      const result = await tx
        .getRepository(SagaInstanceEntity)
        .update({ id: state.id, version: expectedVersion }, { ...toRow(state), updatedAt: now });
      // Locked above on PostgreSQL; on SQLite writers take turns. Kept as a tripwire all the same.
      if (result.affected === 0) throw new Error(`saga ${state.id} changed concurrently; retrying`);
    }
    if (decision.log.length > 0) {
      await tx.getRepository(SagaStepLogEntity).insert(
        decision.log.map((entry) => ({
          sagaId: state.id,
          step: entry.step,
          event: entry.event,
          detail: entry.detail?.slice(0, 512) ?? null,
          at: now,
        })),
      );
    }
    for (const send of decision.sends) {
      const step = definition.steps[send.step];
      const command = send.phase === 'action' ? step.action : step.compensation!;
      await this.outbox.emit(tx, command.type, command.payload(state.context), {
        aggregateId: command.aggregateId?.(state.context) ?? state.id,
        causedBy: cause,
        headers: { [SAGA_ID_HEADER]: state.id, [SAGA_STEP_HEADER]: formatReplyTag(send) },
      });
    }
    const hook = { moduleRef: this.moduleRef, cause };
    if (decision.hook?.kind === 'completed') await definition.onCompleted(tx, state.context, hook);
    if (decision.hook?.kind === 'compensated') {
      await definition.onCompensated(tx, state.context, decision.hook.reason, hook);
    }
    if (state.status === 'FAILED') {
      this.logger.error(
        `saga ${state.type} ${state.id} FAILED at step ${definition.steps[state.step]?.name}: ` +
          `${decision.log.at(-1)?.detail}. It needs an operator: see saga_instance and saga_step_log.`,
      );
    }
    return 'applied';
  }

  private lockInstance(tx: EntityManager, id: string): Promise<SagaInstanceEntity | null> {
    const query = tx
      .getRepository(SagaInstanceEntity)
      .createQueryBuilder('s')
      .where('s.id = :id', { id });
    return lockRows(tx, query).getOne();
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
