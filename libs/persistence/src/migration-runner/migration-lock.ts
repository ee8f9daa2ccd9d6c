import { createHash } from 'node:crypto';
import { QueryRunner } from 'typeorm';
import { MigrationLockTimeoutError } from './migration-lock-timeout.error';

const digest = createHash('sha256').update('railyard:migrations').digest();

/**
 * The advisory lock every Railyard migrator takes, as its two int4 keys (positive, so pg_locks
 * shows them as they are: classid and objid, objsubid 2). PostgreSQL scopes advisory locks to the
 * current database, so one fixed key means one migrator per database, whichever service or tool
 * holds it; a hash of a namespaced name keeps clear of other software's keys.
 */
export const MIGRATION_LOCK_KEYS: readonly [number, number] = [
  digest.readUInt32BE(0) & 0x7fffffff,
  digest.readUInt32BE(4) & 0x7fffffff,
];

/** lock_not_available: the wait for a lock outlasted lock_timeout. */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Runs `work` holding the migration lock: a session-level advisory lock on `runner`'s connection,
 * waited for at most `timeoutMs` (lock_timeout bounds the wait; it applies to advisory locks), then
 * released. If the process dies meanwhile, its session ends and PostgreSQL releases the lock; the
 * callers open a DataSource for the run alone and destroy it after, so no pooled connection can
 * keep the lock either.
 */
export async function withMigrationLock<T>(
  runner: QueryRunner,
  service: string,
  timeoutMs: number,
  work: () => Promise<T>,
): Promise<T> {
  await runner.query(`SET lock_timeout = ${Math.ceil(timeoutMs)}`);
  try {
    await runner.query('SELECT pg_advisory_lock($1, $2)', [...MIGRATION_LOCK_KEYS]);
  } catch (error) {
    if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE) {
      throw new MigrationLockTimeoutError(service, timeoutMs, MIGRATION_LOCK_KEYS);
    }
    throw error;
  } finally {
    // The migrations' own statements wait as long as they always did.
    await runner.query('RESET lock_timeout');
  }
  const unlock = () => runner.query('SELECT pg_advisory_unlock($1, $2)', [...MIGRATION_LOCK_KEYS]);
  let result: T;
  try {
    result = await work();
  } catch (error) {
    // The migration's error is the one to report; a failed unlock ends with the session anyway.
    await unlock().catch(() => undefined);
    throw error;
  }
  await unlock();
  return result;
}
