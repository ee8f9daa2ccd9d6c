import { CliOutput } from './admin-command';
import { runDlq } from './dlq.command';
import { runSaga } from './saga.command';

const USAGE = `npm run railyard -- <command>

  dlq list|show|replay|discard --service <name> …   dead letters (dlq --help for more)
  saga list|show|retry|abort …                      sagas: find stuck ones, retry or abort
                                                    (saga --help for more)`;

const COMMANDS: Record<string, (argv: string[], output: CliOutput) => Promise<number>> = {
  dlq: runDlq,
  saga: runSaga,
};

/** `npm run railyard -- dlq|saga …`: operator commands, run against a gateway. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // Own keys only: `railyard -- toString` is an unknown command, not Object.prototype's.
  const run =
    command !== undefined && Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (run) {
    return run(rest, {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
    });
  }
  const known = command === undefined || command === '--help' || command === '-h';
  (known ? process.stdout : process.stderr).write(
    `${known ? '' : `railyard: unknown command "${command}"\n\n`}${USAGE}\n`,
  );
  return known ? 0 : 2;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`railyard: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
