/** Another session held the migration lock longer than MIGRATIONS_LOCK_TIMEOUT_MS. */
export class MigrationLockTimeoutError extends Error {
  constructor(service: string, timeoutMs: number, [classid, objid]: readonly [number, number]) {
    super(
      `${service}: waited ${timeoutMs} ms (MIGRATIONS_LOCK_TIMEOUT_MS) for the migration lock, ` +
        'which another instance or `npm run migration:run` still holds. If none is migrating, ' +
        "find the session holding it: SELECT pid FROM pg_locks WHERE locktype = 'advisory' " +
        `AND classid = ${classid} AND objid = ${objid} AND objsubid = 2`,
    );
    this.name = 'MigrationLockTimeoutError';
  }
}
