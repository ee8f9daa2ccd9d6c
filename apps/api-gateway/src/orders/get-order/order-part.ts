import { RemoteError, RequestTimeoutError, TransportUnavailableError } from '@railyard/messaging';
import { BulkheadFullError, CircuitOpenError, DeadlineExceededError } from '@railyard/resilience';

/**
 * One downstream's part of an aggregated answer. `absent`: the service answered that it has
 * nothing (e.g. no reservation yet), which is an answer. `degraded`: it could not answer.
 */
export type PartOutcome<T> =
  | { status: 'ok'; value: T; ms: number }
  | { status: 'absent'; ms: number }
  | { status: 'degraded'; reason: string; ms: number };

/** Settles a call into its outcome; never rejects, so a part can be awaited later or never. */
export async function fetchPart<T>(call: () => Promise<T>): Promise<PartOutcome<T>> {
  const started = performance.now();
  const ms = () => performance.now() - started;
  try {
    const value = await call();
    return { status: 'ok', value, ms: ms() };
  } catch (error) {
    if (error instanceof RemoteError && error.remoteCode.endsWith('_NOT_FOUND')) {
      return { status: 'absent', ms: ms() };
    }
    return { status: 'degraded', reason: degradedReason(error), ms: ms() };
  }
}

function degradedReason(error: unknown): string {
  if (error instanceof CircuitOpenError) return 'circuit-open';
  if (error instanceof BulkheadFullError) return 'bulkhead-full';
  if (error instanceof DeadlineExceededError || error instanceof RequestTimeoutError) {
    return 'timeout';
  }
  if (error instanceof TransportUnavailableError) return 'unavailable';
  if (error instanceof RemoteError) return `error ${error.remoteCode}`;
  return 'error';
}
