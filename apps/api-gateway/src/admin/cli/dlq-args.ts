import { DEAD_LETTER_LIMITS, GATEWAY_HTTP_PORT } from '@railyard/contracts';

export const DLQ_USAGE = `Dead letters of a service, through the gateway's admin routes (an admin token is needed).

  npm run railyard -- dlq list    --service <name> [--limit <n>] [--after <id>]
  npm run railyard -- dlq show    --service <name> --id <id>
  npm run railyard -- dlq replay  --service <name> (--id <id> ... | --all) [--batch <n>]
  npm run railyard -- dlq discard --service <name> (--id <id> ... | --all) [--batch <n>]
  npm run railyard -- dlq replay  --service <name> <id> (--payload '<json>' | --payload-file <path>)
      replays one with a corrected payload, keeping its message id, type and headers

An id may also be given bare, without --id.

Options: --gateway <url> (default http://127.0.0.1:${GATEWAY_HTTP_PORT})
         --token <jwt> (default: RAILYARD_TOKEN; make one with npm run -s token -- --role admin)
         --limit 1..${DEAD_LETTER_LIMITS.maxPerCall} (default 50)   --batch 1..${DEAD_LETTER_LIMITS.maxPerCall} (default 50)`;

export const DLQ_COMMANDS = ['list', 'show', 'replay', 'discard'] as const;
export type DlqCommand = (typeof DLQ_COMMANDS)[number];

export interface DlqArgs {
  command: DlqCommand;
  service: string;
  gateway: string;
  token?: string;
  ids: string[];
  all: boolean;
  limit: number;
  after?: string;
  batch: number;
  /** A corrected payload for a replay of one id: JSON text given inline, or a file holding it. */
  payload?: { json: string } | { file: string };
}

const VALUED = [
  '--service',
  '--id',
  '--gateway',
  '--token',
  '--limit',
  '--after',
  '--batch',
  '--payload',
  '--payload-file',
];

/** `dlq <command> …`'s arguments, or why they are wrong (shown with the usage). */
export function parseDlqArgs(
  argv: string[],
  env: Record<string, string | undefined> = {},
): DlqArgs | { help: true } | string {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') return { help: true };
  if (!DLQ_COMMANDS.includes(command as DlqCommand)) {
    return `unknown command "${command}" (one of ${DLQ_COMMANDS.join(', ')})`;
  }
  const values: Record<string, string> = {};
  const ids: string[] = [];
  let all = false;
  for (let i = 0; i < rest.length; i++) {
    const [name, inline] = rest[i].split(/=(.*)/s, 2);
    if (name === '--help' || name === '-h') return { help: true };
    if (name === '--all') {
      all = true;
      continue;
    }
    if (!name.startsWith('-')) {
      ids.push(name);
      continue;
    }
    if (!VALUED.includes(name)) return `unknown argument ${rest[i]}`;
    const value = inline ?? rest[++i];
    if (value === undefined || value === '') return `${name} needs a value`;
    if (name === '--id') ids.push(value);
    else values[name.slice(2)] = value;
  }
  if (!values.service) return '--service <name> is required';
  const limit = count(values.limit, 50);
  const batch = count(values.batch, 50);
  if (limit === undefined) return `--limit must be 1..${DEAD_LETTER_LIMITS.maxPerCall}`;
  if (batch === undefined) return `--batch must be 1..${DEAD_LETTER_LIMITS.maxPerCall}`;
  if (command === 'show' && ids.length !== 1) return 'show needs exactly one --id';
  if ((command === 'replay' || command === 'discard') && ids.length > 0 === all) {
    return `${command} needs --id <id> (one or more) or --all, not both`;
  }
  const payload = payloadOf(values);
  if (typeof payload === 'string') return payload;
  if (payload && (command !== 'replay' || ids.length !== 1 || all)) {
    return '--payload and --payload-file replay exactly one id (dlq replay --service <name> <id>)';
  }
  const gateway = values.gateway ?? `http://127.0.0.1:${GATEWAY_HTTP_PORT}`;
  if (!URL.canParse(gateway)) return `--gateway must be a URL, got "${gateway}"`;
  return {
    command: command as DlqCommand,
    service: values.service,
    gateway,
    token: values.token ?? (env.RAILYARD_TOKEN?.trim() || undefined),
    ids,
    all,
    limit,
    after: values.after,
    batch,
    ...(payload ? { payload } : {}),
  };
}

/** The corrected payload's source; inline JSON is checked here, a file when it is read. */
function payloadOf(values: Record<string, string>): DlqArgs['payload'] | string | undefined {
  const { payload: json, 'payload-file': file } = values;
  if (json !== undefined && file !== undefined) return 'give --payload or --payload-file, not both';
  if (file !== undefined) return { file };
  if (json === undefined) return undefined;
  try {
    JSON.parse(json);
  } catch (error) {
    return `--payload is not JSON: ${(error as Error).message}`;
  }
  return { json };
}

function count(text: string | undefined, fallback: number): number | undefined {
  if (text === undefined) return fallback;
  const value = Number(text);
  const ok = Number.isInteger(value) && value >= 1 && value <= DEAD_LETTER_LIMITS.maxPerCall;
  return ok ? value : undefined;
}
