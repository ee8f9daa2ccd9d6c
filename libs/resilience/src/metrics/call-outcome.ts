import { BrokenCircuitError, IsolatedCircuitError, TaskCancelledError } from 'cockatiel';

/**
 * What became of one call through a downstream's policy, as its caller saw it (retries included):
 * - `success`: the work returned;
 * - `deliberate_error`: the downstream answered with an error it meant (not found, rejected):
 *   it is up, so this is neither a success nor the downstream's failure;
 * - `failure`: the downstream failed (a crash, a refused connection), after any retries;
 * - `timeout`: an attempt's time or the call's budget ran out (DEADLINE_EXCEEDED);
 * - `circuit_open`: refused by the open (or isolated) breaker, mid-retries too (CIRCUIT_OPEN);
 * - `bulkhead_full`: shed without calling, no slot in time (BULKHEAD_FULL).
 * The last three match the codes callers get, so a dashboard and a response read alike.
 */
export const CALL_OUTCOMES = [
  'success',
  'deliberate_error',
  'failure',
  'timeout',
  'circuit_open',
  'bulkhead_full',
] as const;

export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/**
 * The outcome of a call the policies gave up on, read from the error before DownstreamPolicy
 * translates it: only cockatiel's own refusals are the breaker's or the budget's, whereas a
 * CircuitOpenError the work threw (a nested call to another downstream) is this call's failure.
 */
export function failedCallOutcome(error: unknown): CallOutcome {
  if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) {
    return 'circuit_open';
  }
  if (error instanceof TaskCancelledError) return 'timeout';
  return 'failure';
}
