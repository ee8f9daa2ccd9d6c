const ATTEMPTS = 5;

/**
 * PostgreSQL: 23505 unique_violation, 40P01 deadlock_detected, 40001 serialization_failure. On
 * SQLite writers take turns, so a constraint error there is never a race and is not retried.
 */
const CONFLICT_CODES = new Set(['23505', '40P01', '40001']);

/**
 * Runs a unit of work again when it lost a race on PostgreSQL: two deliveries of one message
 * (inbox key), two first commands for one order (a decision's key), or a deadlock. The loser was
 * rolled back whole; its rerun sees the winner's committed row and answers from it at once,
 * rather than waiting for the bus's retry backoff.
 */
export async function retryOnConflict<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= ATTEMPTS || !isConflict(error)) throw error;
    }
  }
}

export function isConflict(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | undefined;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' && CONFLICT_CODES.has(code);
}
