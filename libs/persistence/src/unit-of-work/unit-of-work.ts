import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AsyncMutex } from './async-mutex';

/**
 * Runs work in one local transaction: the state change and the messages it emits (outbox), or the
 * effect and its inbox record, commit together or not at all.
 *
 * TypeORM's better-sqlite3 driver shares ONE query runner for the whole connection, so two
 * overlapping transactions would nest as savepoints of each other. On SQLite every transaction
 * therefore takes a turn (SQLite allows one writer anyway); PostgreSQL runs them in parallel.
 */
@Injectable()
export class UnitOfWork {
  private readonly logger = new Logger(UnitOfWork.name);
  private readonly serial?: AsyncMutex;
  private readonly commitListeners: Array<() => void> = [];
  /** What each open transaction runs once it commits (see afterCommit). */
  private readonly afterCommits = new WeakMap<EntityManager, Array<() => void>>();

  constructor(@InjectDataSource() readonly dataSource: DataSource) {
    if (dataSource.options.type !== 'postgres') this.serial = new AsyncMutex();
  }

  /** `quiet`: do not tell commit listeners (the relay marking its own rows must not wake itself). */
  async run<T>(work: (tx: EntityManager) => Promise<T>, { quiet = false } = {}): Promise<T> {
    const committed: Array<() => void> = [];
    const transaction = () =>
      this.dataSource.transaction(async (tx) => {
        // Keyed by the manager, which SQLite's shared runner reuses: its transactions take turns.
        this.afterCommits.set(tx, committed);
        try {
          return await work(tx);
        } finally {
          this.afterCommits.delete(tx);
        }
      });
    const result = await (this.serial ? this.serial.run(transaction) : transaction());
    for (const then of committed) this.runCommitted(then);
    if (!quiet) for (const listener of this.commitListeners) listener();
    return result;
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
    if (committed) committed.push(then);
    else this.runCommitted(then);
  }

  /** Called after every commit (the outbox relay wakes up on it). */
  onCommit(listener: () => void): void {
    this.commitListeners.push(listener);
  }

  get isPostgres(): boolean {
    return this.serial === undefined;
  }

  private runCommitted(then: () => void): void {
    try {
      then();
    } catch (error) {
      this.logger.warn(`after a commit: ${(error as Error).message}`);
    }
  }
}
