import { Injectable } from '@nestjs/common';
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
  private readonly serial?: AsyncMutex;
  private readonly commitListeners: Array<() => void> = [];

  constructor(@InjectDataSource() readonly dataSource: DataSource) {
    if (dataSource.options.type !== 'postgres') this.serial = new AsyncMutex();
  }

  /** `quiet`: do not tell commit listeners (the relay marking its own rows must not wake itself). */
  async run<T>(work: (tx: EntityManager) => Promise<T>, { quiet = false } = {}): Promise<T> {
    const transaction = () => this.dataSource.transaction((tx) => work(tx));
    const result = await (this.serial ? this.serial.run(transaction) : transaction());
    if (!quiet) for (const listener of this.commitListeners) listener();
    return result;
  }

  /** Called after every commit (the outbox relay wakes up on it). */
  onCommit(listener: () => void): void {
    this.commitListeners.push(listener);
  }

  get isPostgres(): boolean {
    return this.serial === undefined;
  }
}
