import { QueryFailedError } from 'typeorm';

const ATTEMPTS = 3;
/** PostgreSQL unique_violation; SQLite's constraint codes (SQLite never races here: one writer). */
const UNIQUE_VIOLATIONS = new Set([
  '23505',
  'SQLITE_CONSTRAINT_PRIMARYKEY',
  'SQLITE_CONSTRAINT_UNIQUE',
]);

/**
 * Runs a unit of work again when it lost an insert race on PostgreSQL: two deliveries of one
 * message (inbox key) or two first commands for one order (reservation key). The rerun sees the
 * winner's row and answers from it at once, rather than waiting for the bus's retry backoff.
 */
export async function retryOnConflict<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= ATTEMPTS || !isUniqueViolation(error)) throw error;
    }
  }
}

export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && UNIQUE_VIOLATIONS.has(code);
}
