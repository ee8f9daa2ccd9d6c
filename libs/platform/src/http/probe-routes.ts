import { RequestMethod } from '@nestjs/common';

/**
 * The routes probes and scrapers poll every few seconds: the health checks (`/health`,
 * `/health/live`, `/health/ready`) and `/metrics`. Neither logged per request nor traced: a line
 * or a trace per poll is noise, and building either costs CPU on every poll.
 */
export const PROBE_ROUTES: ReadonlyArray<{ path: string; method: RequestMethod }> = [
  { path: 'health{/*probe}', method: RequestMethod.ALL },
  { path: 'metrics', method: RequestMethod.ALL },
];

/** Whether a request URL (path and query, as Node gives it) is one of PROBE_ROUTES. */
export function isProbePath(url: string | undefined): boolean {
  if (url === undefined) return false;
  const end = url.indexOf('?');
  const path = end === -1 ? url : url.slice(0, end);
  return path === '/health' || path.startsWith('/health/') || path === '/metrics';
}
