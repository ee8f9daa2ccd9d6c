import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { EntityManager } from 'typeorm';
import { Envelope, MessageBus } from '@railyard/messaging';
import { AsyncMutex } from '../unit-of-work/async-mutex';
import { UnitOfWork } from '../unit-of-work/unit-of-work';
import { OutboxMessageEntity } from './outbox-message.entity';
import { OUTBOX_RELAY_OPTIONS, OutboxRelayOptions } from './outbox-relay.options';
import {
  PublishOutcome,
  publishInAggregateOrder,
  StagedMessage,
} from './publish-in-aggregate-order';

const MAX_BACKOFF_MS = 5_000;

/**
 * Publishes committed outbox rows through the bus and marks them sent. After a crash it simply
 * finds the unsent rows again; a row published but not yet marked is published twice, which the
 * consumers' inbox makes harmless. On PostgreSQL, replicas claim rows with FOR UPDATE SKIP LOCKED
 * and so never publish the same row concurrently; SQLite is one process per file.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private stopped = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private pendingNudge = false;
  /** One batch at a time per process: on SQLite rows are read outside the write lock. */
  private readonly batchTurn = new AsyncMutex();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly bus: MessageBus,
    @Inject(OUTBOX_RELAY_OPTIONS) private readonly options: OutboxRelayOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.uow.onCommit(() => this.nudge());
    this.loop = this.run();
  }

  /** Before, not on, shutdown: the database connection closes in onApplicationShutdown. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.nudge();
    await this.loop;
  }

  /** Publishes one batch; resolves to how many rows were sent. Exposed for tests and tools. */
  async relayOnce(): Promise<number> {
    const outcome = await this.batchTurn.run(() =>
      this.uow.isPostgres ? this.relayClaimed() : this.relaySerial(),
    );
    if (outcome.failed) throw outcome.failed.error;
    return outcome.sent.length;
  }

  nudge(): void {
    this.pendingNudge = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        const sent = await this.relayOnce();
        failures = 0;
        if (sent === 0) await this.idle(this.options.pollIntervalMs, true);
      } catch (error) {
        failures++;
        const wait = Math.min(MAX_BACKOFF_MS, this.options.pollIntervalMs * 2 ** failures);
        this.logger.warn(`outbox relay: ${(error as Error).message}; retrying in ${wait} ms`);
        // A new commit does not bring the broker back: back off whatever happens meanwhile.
        await this.idle(wait, false);
      }
    }
  }

  /** PostgreSQL: claim rows in a transaction, publish, mark, commit. */
  private relayClaimed(): Promise<PublishOutcome> {
    return this.uow.dataSource.transaction(async (tx) => {
      const rows = await this.unsent(tx, true);
      const outcome = await publishInAggregateOrder(rows, (e) => this.bus.publishEnvelope(e));
      await this.record(tx, outcome);
      return outcome;
    });
  }

  /** SQLite: read, publish outside the write lock, then mark in a short transaction. */
  private async relaySerial(): Promise<PublishOutcome> {
    const rows = await this.unsent(this.uow.dataSource.manager, false);
    if (rows.length === 0) return { sent: [] };
    const outcome = await publishInAggregateOrder(rows, (e) => this.bus.publishEnvelope(e));
    await this.uow.run((tx) => this.record(tx, outcome), { quiet: true });
    return outcome;
  }

  private async unsent(tx: EntityManager, claim: boolean): Promise<StagedMessage[]> {
    let query = tx
      .getRepository(OutboxMessageEntity)
      .createQueryBuilder('o')
      .where('o.sentAt IS NULL')
      .orderBy('o.sequence', 'ASC')
      .limit(this.options.batchSize);
    if (claim) query = query.setLock('pessimistic_write').setOnLocked('skip_locked');
    const rows = await query.getMany();
    return rows.map((row) => ({
      sequence: row.sequence,
      envelope: JSON.parse(row.envelope) as Envelope,
    }));
  }

  private async record(tx: EntityManager, outcome: PublishOutcome): Promise<void> {
    const repository = tx.getRepository(OutboxMessageEntity);
    if (outcome.sent.length > 0) {
      await repository
        .createQueryBuilder()
        .update()
        .set({ sentAt: new Date().toISOString(), attempts: () => 'attempts + 1' })
        .whereInIds(outcome.sent)
        .execute();
    }
    if (outcome.failed) {
      await repository
        .createQueryBuilder()
        .update()
        .set({ lastError: outcome.failed.error.message, attempts: () => 'attempts + 1' })
        .whereInIds([outcome.failed.sequence])
        .execute();
    }
  }

  /** Waits `ms`; a commit cuts the wait short when `wakeable`, shutdown always does. */
  private async idle(ms: number, wakeable: boolean): Promise<void> {
    if (this.stopped || (wakeable && this.pendingNudge)) {
      this.pendingNudge = false;
      return;
    }
    const ac = new AbortController();
    this.wake = () => {
      if (wakeable || this.stopped) ac.abort();
    };
    await sleep(ms, undefined, { signal: ac.signal }).catch(() => undefined);
    this.wake = undefined;
    this.pendingNudge = false;
  }
}
