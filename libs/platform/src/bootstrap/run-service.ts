import { existsSync } from 'node:fs';
import { ConfigValidationError } from '../config/config-validation.error';

/**
 * Runs an app's start function; a bad configuration or a failed start ends the process with one
 * clear message and exit code 1 instead of a stack trace from deep inside Nest.
 */
export function runService(app: string, start: () => Promise<void>): void {
  // Raw `.env` values go into process.env first, as the shell would put them. @nestjs/config only
  // copies its *validated* values, and drops non-scalars (KAFKA_BROKERS parses to an array), so the
  // bus, which reads process.env, would not see them. Variables already set win over the file.
  if (existsSync('.env')) process.loadEnvFile('.env');
  start().catch((error: unknown) => {
    const message =
      error instanceof ConfigValidationError
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
    process.stderr.write(`[${app}] failed to start: ${message}\n`);
    process.exit(1);
  });
}
