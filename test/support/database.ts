import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** Both databases a service runs on; integration specs run once per kind. */
export const DATABASE_KINDS = ['sqlite', 'postgres'] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

export const POSTGRES_ADMIN_URL =
  process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  kind: DatabaseKind;
  /** Variables to merge into process.env before the module under test is created. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database of `kind` for `service`: an SQLite file in a temp DATA_DIR, or a new
 * PostgreSQL database (the service's migrations create the schema on start).
 */
export async function createTestDatabase(
  kind: DatabaseKind,
  service: string,
): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), `railyard-${service}-`));
  const variable = `${service.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`;
  if (kind === 'sqlite') {
    return {
      kind,
      env: { DATA_DIR: dataDir },
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `test_${service.replace(/-/g, '_')}_${randomUUID().slice(0, 8)}`;
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    kind,
    env: { DATA_DIR: dataDir, [variable]: url.toString() },
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({
    connectionString: POSTGRES_ADMIN_URL,
    connectionTimeoutMillis: 5_000,
  });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL at ${POSTGRES_ADMIN_URL} is unreachable (run npm run brokers:up): ${(error as Error).message}`,
    );
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Sets variables for the duration of a test; returns the undo. */
export function withEnv(vars: Record<string, string>): () => void {
  const previous = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  return () => {
    for (const [k, v] of Object.entries(previous)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
