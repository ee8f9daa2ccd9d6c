import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { DataSourceOptions } from 'typeorm';
import { commonEnvSchema, Env, parseEnv } from '@railyard/platform';

/** What a service's SQLite WAL file is cut back to after it starts over (8 MiB). */
export const WAL_SIZE_LIMIT_BYTES = 8 * 1024 * 1024;

/** A service's tables: entity classes and migration classes, as TypeORM takes them. */
export interface DatabaseModel {
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
}

export type DatabaseKind = 'sqlite' | 'postgres';

/** `<SERVICE>_DATABASE_URL` (PostgreSQL) when set, else an SQLite file under DATA_DIR. */
export function databaseUrlVariable(service: string): string {
  return `${service.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`;
}

export function databaseEnvSchema(service: string) {
  return commonEnvSchema.pick({ DATA_DIR: true }).extend({
    [databaseUrlVariable(service)]: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
  });
}

export type DatabaseConfig = z.output<ReturnType<typeof databaseEnvSchema>>;

/** For code outside Nest (migration specs, tools): parses `env`, then maps it. */
export function databaseOptionsFromEnv(
  service: string,
  model: DatabaseModel,
  env: Env,
): DataSourceOptions {
  return databaseOptionsFrom(service, model, parseEnv(databaseEnvSchema(service), env));
}

/**
 * The one place that maps a service's configuration to its database. Opening it never changes the
 * schema: migrations run through ServiceDataSource (at start by MIGRATIONS, or by
 * `npm run migration:run`), and schema sync never does (a drifting schema is a deploy bug, not
 * something to paper over).
 */
export function databaseOptionsFrom(
  service: string,
  model: DatabaseModel,
  config: DatabaseConfig,
): DataSourceOptions {
  const parsed = config as Record<string, string | undefined>;
  const url = parsed[databaseUrlVariable(service)];
  const common = {
    entities: model.entities,
    migrations: model.migrations,
    migrationsRun: false,
    synchronize: false,
    logging: ['error', 'warn'] as ('error' | 'warn')[],
  };
  if (url) {
    return { ...common, type: 'postgres', url, extra: { max: 10, connectionTimeoutMillis: 5_000 } };
  }
  const file = join(parsed.DATA_DIR ?? '.data', `${service}.sqlite`);
  mkdirSync(dirname(file), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: file,
    // WAL lets readers run beside the single writer; the busy timeout rides out checkpoints.
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      // Once a burst's log has been checkpointed and starts over, its file shrinks back to this:
      // without a limit it keeps its largest size for good.
      db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
      db.pragma('foreign_keys = ON');
      // The savepoints of group commits (UnitOfWork) journal in memory, not in temporary files.
      db.pragma('temp_store = MEMORY');
    },
  };
}

export function databaseKind(options: DataSourceOptions): DatabaseKind {
  return options.type === 'postgres' ? 'postgres' : 'sqlite';
}
