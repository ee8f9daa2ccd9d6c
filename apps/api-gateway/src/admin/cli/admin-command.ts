import { AdminCliError } from './admin-gateway.client';

/** Where a command writes: lines to stdout and stderr (tests capture them). */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

/**
 * Runs `name`'s parsed arguments, resolving to the exit code: 0 done (or the usage asked for), 1
 * failed (one line on stderr, prefixed with `name`), 2 bad usage (why, then the usage).
 */
export async function runAdminCommand<A extends object>(
  name: string,
  usage: string,
  args: A | { help: true } | string,
  output: CliOutput,
  run: (args: A) => Promise<void>,
): Promise<number> {
  if (typeof args === 'string') {
    output.err(`${name}: ${args}\n\n${usage}`);
    return 2;
  }
  if ('help' in args) {
    output.out(usage);
    return 0;
  }
  try {
    await run(args);
    return 0;
  } catch (error) {
    if (!(error instanceof AdminCliError)) throw error;
    output.err(`${name}: ${error.message}`);
    return 1;
  }
}
