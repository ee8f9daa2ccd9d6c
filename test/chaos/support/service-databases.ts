import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The slice of better-sqlite3 used here (the package ships no types). */
interface SqliteDatabase {
  prepare(sql: string): { all(...params: unknown[]): unknown[] };
  close(): void;
}
type SqliteConstructor = new (
  file: string,
  options: { readonly: boolean; fileMustExist: boolean },
) => SqliteDatabase;

export type ServiceDatabase = 'order' | 'inventory' | 'payment';

/**
 * Read-only queries on a service's own SQLite file, the ground truth the invariants are checked
 * against (WAL: reading never blocks the service's writer, and a killed service's file is still
 * there). Opened per query, so a service restarted in between is read as it is now.
 */
export function query<T>(
  dataDir: string,
  service: ServiceDatabase,
  sql: string,
  ...params: unknown[]
): T[] {
  const file = join(dataDir, `${service}.sqlite`);
  if (!existsSync(file)) throw new Error(`${service}-service has no database at ${file}`);
  const Database = require('better-sqlite3') as SqliteConstructor;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Outbox rows a service committed but has not published yet, as `service: type` lines. */
export function unsentOutbox(dataDir: string): string[] {
  return (['order', 'inventory', 'payment'] as const).flatMap((service) =>
    query<{ type: string; n: number }>(
      dataDir,
      service,
      'SELECT type, COUNT(*) AS n FROM outbox_message WHERE sent_at IS NULL GROUP BY type',
    ).map((row) => `${service} outbox: ${row.n} unsent ${row.type}`),
  );
}
