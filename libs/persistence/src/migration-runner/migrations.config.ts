import { z } from 'zod';
import { envInt } from '@railyard/platform';

/**
 * How a service treats its migrations at start. `auto` runs the pending ones (under a lock on
 * PostgreSQL, so replicas starting together run each once); `off` runs none, never writes to the
 * schema, and refuses to start while any is pending (a deploy step runs them:
 * `npm run migration:run -- <service>`).
 */
export const migrationsEnvSchema = z.object({
  MIGRATIONS: z.enum(['auto', 'off']).default('auto'),
  /** Longest wait for another instance's migration run (PostgreSQL advisory lock), in ms. */
  MIGRATIONS_LOCK_TIMEOUT_MS: envInt(100, 3_600_000).default(120_000),
});

export type MigrationsMode = z.output<typeof migrationsEnvSchema>['MIGRATIONS'];

export interface MigrationSettings {
  mode: MigrationsMode;
  lockTimeoutMs: number;
}

export function migrationSettingsFrom(
  env: z.output<typeof migrationsEnvSchema>,
): MigrationSettings {
  return { mode: env.MIGRATIONS, lockTimeoutMs: env.MIGRATIONS_LOCK_TIMEOUT_MS };
}
