import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { inCallerContext } from './in-caller-context';

/** One unit of work waiting for its turn on SQLite. */
interface QueuedWork {
  work: (tx: EntityManager) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** At most this many queued units share one SQLite transaction. */
const MAX_GROUP = 64;

/**
 * Runs work in one local transaction: the state change and the messages it emits (outbox), or the
 * effect and its inbox record, commit together or not at all.
 *
 * TypeORM's better-sqlite3 driver shares ONE query runner for the whole connection, so two
 * overlapping transactions would nest as savepoints of each other. On SQLite every unit therefore
 * takes a turn (SQLite allows one writer anyway); PostgreSQL runs them in parallel.
 *
 * Group commit on SQLite (issue 13): the units that queued while a transaction ran share the next
 * one, each inside its own savepoint. A unit that fails rolls back to its savepoint and only its
 * caller sees the error; the others commit. Nobody's promise settles, and no afterCommit callback
 * runs, before the shared COMMIT: if that fails, every unit of the group fails. One COMMIT then
 * writes each hot page (outbox and inbox leaves, index tails) once per group instead of once per
 * unit, which was most of the services' SQLite time.
 */
@Injectable()
export class UnitOfWork {
  private readonly logger = new Logger(UnitOfWork.name);
  private readonly sqlite: boolean;
  private readonly queue: QueuedWork[] = [];
  private draining = false;
  /** What each open transaction runs once it commits (see afterCommit). */
  private readonly afterCommits = new WeakMap<EntityManager, Array<() => void>>();

  constructor(@InjectDataSource() readonly dataSource: DataSource) {
    this.sqlite = dataSource.options.type !== 'postgres';
  }

  async run<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    if (this.sqlite) {
      return new Promise<T>((resolve, reject) => {
        // Bound to the caller's async context: the group runs it from whichever caller started
        // the drain, and its spans, log context and what it stages must stay the caller's.
        this.queue.push({
          work: inCallerContext(work),
          resolve: resolve as (value: unknown) => void,
          reject,
        });
        void this.drain();
      });
    }
    const committed: Array<() => void> = [];
    const result = await this.dataSource.transaction(async (tx) => {
      this.afterCommits.set(tx, committed);
      try {
        return await work(tx);
      } finally {
        this.afterCommits.delete(tx);
      }
    });
    for (const then of committed) this.runCommitted(then);
    return result;
  }

  /** SQLite: one group at a time, until nothing waits. */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        await this.runGroup(this.queue.splice(0, MAX_GROUP));
      }
    } finally {
      this.draining = false;
    }
  }

  private async runGroup(group: QueuedWork[]): Promise<void> {
    // Keyed by the manager, which SQLite's shared runner reuses: its units take turns.
    const runner = this.dataSource.createQueryRunner();
    const tx = runner.manager;
    const single = group.length === 1;
    const done: Array<{ unit: QueuedWork; result: unknown; committed: Array<() => void> }> = [];
    const failed: Array<{ unit: QueuedWork; error: unknown }> = [];
    try {
      await runner.startTransaction();
      for (const unit of group) {
        const committed: Array<() => void> = [];
        this.afterCommits.set(tx, committed);
        if (!single) await runner.startTransaction(); // SAVEPOINT
        try {
          const result = await unit.work(tx);
          if (!single) await runner.commitTransaction(); // RELEASE
          done.push({ unit, result, committed });
        } catch (error) {
          failed.push({ unit, error });
          if (!single) await runner.rollbackTransaction(); // ROLLBACK TO SAVEPOINT
        } finally {
          this.afterCommits.delete(tx);
        }
      }
      if (done.length > 0) await runner.commitTransaction();
      else await runner.rollbackTransaction();
    } catch (error) {
      // The group's own BEGIN, savepoint bookkeeping or COMMIT failed: nothing of it committed.
      await this.abandon(runner);
      const own = new Map(failed.map(({ unit, error: cause }) => [unit, cause]));
      for (const unit of group) unit.reject(own.has(unit) ? own.get(unit) : error);
      return;
    } finally {
      await runner.release();
    }
    for (const { unit, error } of failed) unit.reject(error);
    for (const { unit, result, committed } of done) {
      for (const then of committed) this.runCommitted(then);
      unit.resolve(result);
    }
  }

  /**
   * Runs `then` once the transaction of `tx` has committed, and never if it rolls back: for what
   * must count a change once, however often its work is attempted (a transaction retried after a
   * conflict, a message redelivered after a rollback), such as a metric. `then` should be quick
   * and not fail; if it throws, the error is logged, never handed to the committed work's caller
   * (which would take the committed work for failed and do it again).
   *
   * `tx` not of a transaction this unit of work opened (a caller's own DataSource.transaction),
   * or of none: its commit cannot be seen, and `then` runs at once.
   */
  afterCommit(tx: EntityManager, then: () => void): void {
    const committed = this.afterCommits.get(tx);
    // Runs later, from the group's drain: in the context of the work that asked for it.
    if (committed) committed.push(inCallerContext(then));
    else this.runCommitted(then);
  }

  /** Unwinds the group's savepoints, then its transaction (SQLite may have rolled it all back). */
  private async abandon(runner: QueryRunner): Promise<void> {
    while (runner.isTransactionActive) {
      try {
        await runner.rollbackTransaction();
      } catch {
        await runner.query('ROLLBACK').catch(() => undefined);
        // TypeORM's own bookkeeping, which the failed ROLLBACK TO left behind.
        Object.assign(runner, { isTransactionActive: false, transactionDepth: 0 });
      }
    }
  }

  get isPostgres(): boolean {
    return !this.sqlite;
  }

  private runCommitted(then: () => void): void {
    try {
      then();
    } catch (error) {
      this.logger.warn(`after a commit: ${(error as Error).message}`);
    }
  }
}
