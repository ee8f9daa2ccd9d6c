import { DEAD_LETTER_LIMITS } from '@railyard/contracts';
import {
  countOption,
  GATEWAY_USAGE,
  GatewayTarget,
  gatewayTarget,
  readCommand,
  readOptions,
} from './cli-options';

export const DLQ_USAGE = `Dead letters of a service, through the gateway's admin routes (an admin token is needed).

  npm run railyard -- dlq list    --service <name> [--limit <n>] [--after <id>]
  npm run railyard -- dlq show    --service <name> --id <id>
  npm run railyard -- dlq replay  --service <name> (--id <id> ... | --all) [--batch <n>]
  npm run railyard -- dlq discard --service <name> (--id <id> ... | --all) [--batch <n>]
  npm run railyard -- dlq replay  --service <name> <id> (--payload '<json>' | --payload-file <path>)
      replays one with a corrected payload, keeping its message id, type and headers

One id may also be given bare, without --id.

${GATEWAY_USAGE}
         --limit 1..${DEAD_LETTER_LIMITS.maxPerCall} (default 50)   --batch 1..${DEAD_LETTER_LIMITS.maxPerCall} (default 50)`;

export const DLQ_COMMANDS = ['list', 'show', 'replay', 'discard'] as const;
export type DlqCommand = (typeof DLQ_COMMANDS)[number];

export interface DlqArgs extends GatewayTarget {
  command: DlqCommand;
  service: string;
  ids: string[];
  all: boolean;
  limit: number;
  after?: string;
  batch: number;
  /** A corrected payload for a replay of one id: JSON text given inline, or a file holding it. */
  payload?: { json: string } | { file: string };
}

/** `dlq <command> …`'s arguments, or why they are wrong (shown with the usage). */
export function parseDlqArgs(
  argv: string[],
  env: Record<string, string | undefined> = {},
): DlqArgs | { help: true } | string {
  const chosen = readCommand(argv, DLQ_COMMANDS);
  if (typeof chosen === 'string' || 'help' in chosen) return chosen;
  const { command, rest } = chosen;
  const read = readOptions(rest, {
    valued: ['--service', '--limit', '--after', '--batch', '--payload', '--payload-file'],
    repeated: ['--id'],
    flags: ['--all'],
    positional: 1,
  });
  if (typeof read === 'string' || 'help' in read) return read;
  const { values } = read;
  const ids = [...read.positional, ...(read.lists.id ?? [])];
  const all = read.flags.has('all');
  if (!values.service) return '--service <name> is required';
  const limit = countOption(values.limit, 50, DEAD_LETTER_LIMITS.maxPerCall);
  const batch = countOption(values.batch, 50, DEAD_LETTER_LIMITS.maxPerCall);
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
  const target = gatewayTarget(values, env);
  if (typeof target === 'string') return target;
  return {
    command,
    service: values.service,
    ...target,
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
