import { existsSync } from 'node:fs';
import { ConfigValidationError } from '../config/config-validation.error';
import { startTracing } from '../tracing/start-tracing';

/**
 * Runs an app's start function; a bad configuration or a failed start ends the process with one
 * clear message and exit code 1 instead of a stack trace from deep inside Nest.
 */
export function runService(app: string, start: () => Promise<void>): void {
  // Raw `.env` values go into process.env first, as the shell would put them: the app's schema
  // parses process.env once (validatedConfigModule), and the OTEL_* variables are read from it.
  // Variables already set win over the file.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const started = (async () => {
    // Before the app's modules load, so that the bus finds the tracer provider installed. Exports
    // only when OTEL_EXPORTER_OTLP_ENDPOINT (or …_TRACES_ENDPOINT) is set; off, registers nothing.

    startTracing(app);
    await start();
  })();
  started.catch((error: unknown) => {
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
