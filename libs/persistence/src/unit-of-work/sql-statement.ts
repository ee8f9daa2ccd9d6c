import { EntityManager, QueryResult } from 'typeorm';

export interface SqlStatementOptions {
  /**
   * A SELECT whose rows stay locked until the transaction ends, as `lockRows` does for query
   * builders: `FOR UPDATE` on PostgreSQL; nothing on SQLite, whose writers take turns.
   */
  lockRows?: boolean;
}

export interface SqlOutcome {
  rows: Record<string, unknown>[];
  affected: number;
}

/**
 * One hot-path statement, written once with PostgreSQL's `$1, $2...` placeholders (in order, each
 * once) and run on PostgreSQL or SQLite (`?`). It skips TypeORM's query builder, which cost ~70 µs
 * per insert against ~7 µs for the statement itself (measured on better-sqlite3); both drivers
 * keep the statement prepared. Column names are the tables' own: keep them in step with the
 * migrations.
 */
export class SqlStatement {
  private readonly sqlite: string;
  private readonly postgres: string;

  constructor(postgres: string, options: SqlStatementOptions = {}) {
    const numbers = [...postgres.matchAll(/\$(\d+)/g)].map((match) => Number(match[1]));
    if (numbers.some((n, index) => n !== index + 1)) {
      throw new Error(`placeholders must be $1, $2... in order, each once: ${postgres}`);
    }
    this.sqlite = postgres.replace(/\$\d+/g, '?');
    this.postgres = options.lockRows ? `${postgres} FOR UPDATE` : postgres;
  }

  /** The statement as `database` gets it (query-plan specs read it). */
  textFor(database: 'sqlite' | 'postgres'): string {
    return database === 'postgres' ? this.postgres : this.sqlite;
  }

  /** Runs in `tx`'s transaction (a manager from UnitOfWork.run or DataSource.transaction). */
  async run(tx: EntityManager, params: unknown[]): Promise<SqlOutcome> {
    const runner = tx.queryRunner;
    if (!runner) throw new Error('SqlStatement.run needs a transaction');
    const postgres = tx.connection.options.type === 'postgres';
    const result = (await runner.query(
      this.textFor(postgres ? 'postgres' : 'sqlite'),
      params,
      true,
    )) as QueryResult;
    return {
      rows: (result.records ?? []) as Record<string, unknown>[],
      affected: result.affected ?? 0,
    };
  }
}
