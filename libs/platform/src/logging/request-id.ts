import { randomUUID } from 'node:crypto';

/** The header a caller may set to name its request, and in which every answer names it. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * What a caller's id may look like: UUIDs, ULIDs, trace ids and the like, bounded. Anything else
 * is replaced (not refused: the id is for following a request through logs, not a contract), so
 * no log line carries a client's newline or megabyte.
 */
const ACCEPTED = /^[A-Za-z0-9._:-]{1,128}$/;

interface IdentifiedRequest {
  id?: unknown;
  headers: Record<string, string | string[] | undefined>;
}

interface HeaderSink {
  setHeader(name: string, value: string): unknown;
}

/**
 * This request's id: the caller's X-Request-Id when acceptable, a new UUID otherwise; set on the
 * answer once. Idempotent: whoever asks again (a log line, a span) gets the same id.
 */
export function requestIdOf(request: IdentifiedRequest, response: HeaderSink): string {
  if (typeof request.id === 'string') return request.id;
  const given = request.headers[REQUEST_ID_HEADER];
  const id = typeof given === 'string' && ACCEPTED.test(given) ? given : randomUUID();
  request.id = id;
  response.setHeader('X-Request-Id', id);
  return id;
}
