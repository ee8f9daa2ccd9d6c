import { QueryFailedError } from 'typeorm';

const MAX_ATTEMPTS = 5;

/**
 * On PostgreSQL, two transactions can race to insert the same key (a decision for one order, an
 * inbox record for one message) or, rarely, deadlock. The loser is rolled back whole; running its
 * unit of work again lets it see the winner's committed row and answer from it. SQLite runs one
 * writer at a time and never gets here.
 */
export async function retryOnConflict<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isConflict(error)) throw error;
    }
  }
}

// PostgreSQL: 23505 unique_violation, 40P01 deadlock_detected, 40001 serialization_failure. On
// SQLite a constraint error cannot come from a race, so retrying it would only repeat it.
const CONFLICT_CODES = new Set(['23505', '40P01', '40001']);

export function isConflict(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && CONFLICT_CODES.has(code);
}
