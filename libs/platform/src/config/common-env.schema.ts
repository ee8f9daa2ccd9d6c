import { z } from 'zod';
import { envBoolean } from './env-types';

/** Variables every Railyard app reads. Each app merges its own on top. */
export const commonEnvSchema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** json: one object per line, for machines; pretty: for a person; auto: pretty on a terminal. */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  /** Interface HTTP and TCP servers bind to; 0.0.0.0 in containers. */
  BIND_HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('.data'),
  /**
   * false: no MetricsRegistry, nothing recorded, `/metrics` answers 404. For measuring what
   * metrics cost (npm run bench, observability section), or where nothing scrapes.
   */
  METRICS_ENABLED: envBoolean().default('true'),
});
