import { readFile, stat } from 'node:fs/promises';
import type { DeadLetterView } from '@railyard/contracts';
import { DlqArgs, DLQ_USAGE, parseDlqArgs } from './dlq-args';
import { CliOutput, runAdminCommand } from './admin-command';
import { AdminCliError } from './admin-gateway.client';
import { DlqGatewayClient } from './dlq-gateway.client';
import { progressBar } from './progress-bar';

/** `dlq <list|show|replay|discard> …`; resolves to the exit code (0 ok, 1 failed, 2 bad usage). */
export function runDlq(
  argv: string[],
  output: CliOutput,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  return runAdminCommand('dlq', DLQ_USAGE, parseDlqArgs(argv, env), output, (args) =>
    run(args, new DlqGatewayClient(args.gateway, args.service, args.token), output),
  );
}

async function run(args: DlqArgs, client: DlqGatewayClient, output: CliOutput): Promise<void> {
  switch (args.command) {
    case 'list': {
      const page = await client.list(args.limit, args.after);
      if (page.entries.length === 0) output.out(`no dead letters in ${args.service}`);
      for (const entry of page.entries) output.out(summary(entry));
      if (page.next) output.out(`more: --after ${page.next}`);
      return;
    }
    case 'show':
      output.out(JSON.stringify(await client.show(args.ids[0]), null, 2));
      return;
    case 'replay':
      if (args.payload) return replayEdited(args, args.payload, client, output);
      return act(args, client, output);
    case 'discard':
      return act(args, client, output);
  }
}

/**
 * By id: one call. --all: the ids stored now are read first (a replay that fails again is stored
 * anew, and must not be replayed in a loop), then acted on `batch` at a time, with a progress bar.
 */
async function act(args: DlqArgs, client: DlqGatewayClient, output: CliOutput): Promise<void> {
  const action = args.command as 'replay' | 'discard';
  const ids = args.all ? await allIds(client) : args.ids;
  const done: string[] = [];
  const missing: string[] = [];
  let remaining = 0;
  for (let at = 0; at < ids.length; at += args.batch) {
    const outcome = await client.act(action, { ids: ids.slice(at, at + args.batch) });
    done.push(...outcome.done);
    missing.push(...outcome.missing);
    remaining = outcome.remaining;
    if (args.all) output.out(`${action} ${progressBar(done.length + missing.length, ids.length)}`);
  }
  const verb = action === 'replay' ? 'replayed' : 'discarded';
  output.out(
    `${verb} ${done.length} of ${ids.length}` +
      (missing.length > 0 ? `; ${missing.length} already gone: ${missing.join(', ')}` : '') +
      `; ${remaining} dead letter(s) left in ${args.service}`,
  );
}

/** A payload file larger than this is refused before it is read (the gateway takes 100 kB). */
const MAX_PAYLOAD_FILE_BYTES = 1024 * 1024;

async function replayEdited(
  args: DlqArgs,
  source: NonNullable<DlqArgs['payload']>,
  client: DlqGatewayClient,
  output: CliOutput,
): Promise<void> {
  const payload: unknown =
    'json' in source ? JSON.parse(source.json) : await payloadFile(source.file);
  const [id] = args.ids;
  const { done, remaining } = await client.replayEdited(id, payload);
  output.out(
    (done.length > 0 ? `replayed ${id} with the corrected payload` : `${id} is already gone`) +
      `; ${remaining} dead letter(s) left in ${args.service}`,
  );
}

/** The JSON the file holds; an AdminCliError (one line) when it cannot be read or is not JSON. */
async function payloadFile(path: string): Promise<unknown> {
  let text: string;
  try {
    const { size } = await stat(path);
    if (size > MAX_PAYLOAD_FILE_BYTES) {
      throw new AdminCliError(
        `${path} is ${size} bytes; a payload is at most ${MAX_PAYLOAD_FILE_BYTES}`,
      );
    }
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof AdminCliError) throw error;
    throw new AdminCliError(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AdminCliError(`${path} is not JSON: ${(error as Error).message}`);
  }
}

async function allIds(client: DlqGatewayClient): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  do {
    const page = await client.list(500, after);
    ids.push(...page.entries.map((entry) => entry.id));
    after = page.next;
  } while (after);
  return ids;
}

function summary(entry: DeadLetterView): string {
  return [
    entry.id,
    entry.deadLetteredAt,
    entry.type ?? '?',
    entry.messageId ?? '?',
    `${entry.reason} after ${entry.attempts} attempt(s)`,
    entry.error.split('\n')[0].slice(0, 120),
  ].join('  ');
}
