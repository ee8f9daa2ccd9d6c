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
