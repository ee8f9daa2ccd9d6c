import { ConfigValidationError } from '../config/config-validation.error';

/**
 * Runs an app's start function; a bad configuration or a failed start ends the process with one
 * clear message and exit code 1 instead of a stack trace from deep inside Nest.
 */
export function runService(app: string, start: () => Promise<void>): void {
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
