import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';

/** The slice of better-sqlite3 used here (the package ships no types). */
interface SqliteDatabase {
  prepare(sql: string): {
    all(...params: unknown[]): unknown[];
    run(...params: unknown[]): unknown;
  };
  pragma(sql: string): unknown;
  close(): void;
}
type SqliteConstructor = new (
  file: string,
  options: { readonly: boolean; fileMustExist: boolean },
) => SqliteDatabase;

export const SERVICE_DATABASES = ['order', 'inventory', 'payment'] as const;
export type ServiceDatabase = (typeof SERVICE_DATABASES)[number];

/**
 * The services' own databases, the ground truth the invariants are checked against: an SQLite file
 * under DATA_DIR, or PostgreSQL where the system's env sets `<SERVICE>_DATABASE_URL` (as the apps
 * decide). SQL is written once with `?` placeholders; PostgreSQL gets `$1, $2, …`. Numbers come
 * back as the driver gives them (PostgreSQL's BIGINT and COUNT as strings): callers use Number().
 */
export class ServiceDatabases {
  private readonly pools = new Map<ServiceDatabase, Pool>();

  constructor(
    private readonly dataDir: string,
    private readonly urls: Partial<Record<ServiceDatabase, string>>,
  ) {}

  static fromEnv(env: Record<string, string>): ServiceDatabases {
    const urls: Partial<Record<ServiceDatabase, string>> = {};
    for (const service of SERVICE_DATABASES) {
      const url = env[`${service.toUpperCase()}_DATABASE_URL`];
      if (url) urls[service] = url;
    }
    return new ServiceDatabases(env.DATA_DIR, urls);
  }

  kind(service: ServiceDatabase): 'sqlite' | 'postgres' {
    return this.urls[service] ? 'postgres' : 'sqlite';
  }

  /** Read-only query. */
  async query<T>(service: ServiceDatabase, sql: string, ...params: unknown[]): Promise<T[]> {
    const pool = this.pool(service);
    if (pool) return (await pool.query(numbered(sql), params)).rows as T[];
    return this.withSqlite(service, true, (db) => db.prepare(sql).all(...params) as T[]);
  }

  /** A write behind the service's back (a fault). SQLite: waits its turn like another writer. */
  async execute(service: ServiceDatabase, sql: string, ...params: unknown[]): Promise<void> {
    const pool = this.pool(service);
    if (pool) {
      await pool.query(numbered(sql), params);
      return;
    }
    this.withSqlite(service, false, (db) => {
      db.pragma('busy_timeout = 10000');
      db.prepare(sql).run(...params);
    });
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)));
  }

  private pool(service: ServiceDatabase): Pool | undefined {
    const url = this.urls[service];
    if (!url) return undefined;
    let pool = this.pools.get(service);
    if (!pool) {
      pool = new Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 5_000 });
      pool.on('error', () => undefined); // an idle client cut by a restart: the next query reconnects
      this.pools.set(service, pool);
    }
    return pool;
  }

  /**
   * Opened per call (WAL: a reader never blocks the service's writer, and a killed service's file
   * is still there), so a service restarted in between is read as it is now.
   */
  private withSqlite<T>(
    service: ServiceDatabase,
    readonly: boolean,
    work: (db: SqliteDatabase) => T,
  ): T {
    const file = join(this.dataDir, `${service}.sqlite`);
    if (!existsSync(file)) throw new Error(`${service}-service has no database at ${file}`);
    const Database = require('better-sqlite3') as SqliteConstructor;
    const db = new Database(file, { readonly, fileMustExist: true });
    try {
      return work(db);
    } finally {
      db.close();
    }
  }
}

/** `?` placeholders to PostgreSQL's `$n` (the suite's SQL has no `?` inside literals). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** An unsent row with an earlier parked row of its aggregate: it waits for that one, by design. */
const BEHIND_PARKED =
  'EXISTS (SELECT 1 FROM outbox_message b WHERE b.aggregate_id = o.aggregate_id ' +
  'AND b.sequence < o.sequence AND b.sent_at IS NULL AND b.parked_at IS NOT NULL)';

/**
 * Outbox rows a service committed but has not published yet, as `service: type` lines: the relay
 * still owes them. Parked rows and the rows of their aggregates waiting behind them are not owed
 * (they wait for an operator): parkedOutbox and heldBehindParked count those.
 */
export async function unsentOutbox(databases: ServiceDatabases): Promise<string[]> {
  const lines = await Promise.all(
    SERVICE_DATABASES.map(async (service) =>
      (
        await databases.query<{ type: string; n: number | string }>(
          service,
          'SELECT o.type AS type, COUNT(*) AS n FROM outbox_message o ' +
            `WHERE o.sent_at IS NULL AND o.parked_at IS NULL AND NOT ${BEHIND_PARKED} ` +
            'GROUP BY o.type',
        )
      ).map((row) => `${service} outbox: ${Number(row.n)} unsent ${row.type}`),
    ),
  );
  return lines.flat();
}

/** Message ids of unsent rows waiting behind a parked row of their aggregate. */
export async function heldBehindParked(databases: ServiceDatabases): Promise<string[]> {
  const ids = await Promise.all(
    SERVICE_DATABASES.map(async (service) =>
      (
        await databases.query<{ message_id: string }>(
          service,
          'SELECT o.message_id AS message_id FROM outbox_message o ' +
            `WHERE o.sent_at IS NULL AND o.parked_at IS NULL AND ${BEHIND_PARKED}`,
        )
      ).map((row) => row.message_id),
    ),
  );
  return ids.flat();
}

/** One outbox row's state (not its envelope), or undefined. */
export async function outboxRow(
  databases: ServiceDatabases,
  service: ServiceDatabase,
  messageId: string,
): Promise<
  | {
      sent_at: string | null;
      parked_at: string | null;
      parked_reason: string | null;
      attempts: number;
    }
  | undefined
> {
  const [row] = await databases.query<{
    sent_at: string | null;
    parked_at: string | null;
    parked_reason: string | null;
    attempts: number;
  }>(
    service,
    'SELECT sent_at, parked_at, parked_reason, attempts FROM outbox_message WHERE message_id = ?',
    messageId,
  );
  return row;
}

export interface ParkedRow {
  service: ServiceDatabase;
  messageId: string;
  type: string;
  reason: string | null;
}

/** Outbox rows the relay parked (a permanent publish failure): they wait for an operator. */
export async function parkedOutbox(databases: ServiceDatabases): Promise<ParkedRow[]> {
  const rows = await Promise.all(
    SERVICE_DATABASES.map(async (service) =>
      (
        await databases.query<{ message_id: string; type: string; parked_reason: string | null }>(
          service,
          'SELECT message_id, type, parked_reason FROM outbox_message WHERE parked_at IS NOT NULL',
        )
      ).map((row) => ({
        service,
        messageId: row.message_id,
        type: row.type,
        reason: row.parked_reason,
      })),
    ),
  );
  return rows.flat();
}
