import { runDlq } from './dlq.command';

const USAGE = `npm run railyard -- <command>

  dlq list|show|replay|discard --service <name> …   dead letters (dlq --help for more)`;

/** `npm run railyard -- dlq …`: operator commands, run against a gateway. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'dlq') {
    return runDlq(rest, {
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
