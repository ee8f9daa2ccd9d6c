import { GATEWAY_HTTP_PORT } from '@railyard/contracts';

/** What every admin command reads besides its own options: where the gateway is, and as whom. */
export interface GatewayTarget {
  gateway: string;
  token?: string;
}

export interface ReadOptions {
  /** `--name value` or `--name=value`, the last one given (the gateway's are always accepted). */
  values: Record<string, string>;
  /** Options that may be given several times, e.g. `--id a --id b`. */
  lists: Record<string, string[]>;
  /** `--name` alone. */
  flags: Set<string>;
  /** Arguments that are no option, in order. */
  positional: string[];
}

export interface OptionNames {
  valued: readonly string[];
  repeated?: readonly string[];
  flags?: readonly string[];
  /** How many arguments that are no option the command takes (0 unless said). */
  positional?: number;
}

const GATEWAY_OPTIONS = ['--gateway', '--token'];

/** The first argument as one of `commands` and the rest, or `{ help: true }`, or why not. */
export function readCommand<C extends string>(
  argv: string[],
  commands: readonly C[],
): { command: C; rest: string[] } | { help: true } | string {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') return { help: true };
  if (!commands.includes(command as C)) {
    return `unknown command "${command}" (one of ${commands.join(', ')})`;
  }
  return { command: command as C, rest };
}

/** The arguments after a command, or `{ help: true }`, or why they are wrong. */
export function readOptions(
  args: string[],
  { valued, repeated = [], flags = [], positional = 0 }: OptionNames,
): ReadOptions | { help: true } | string {
  const read: ReadOptions = { values: {}, lists: {}, flags: new Set(), positional: [] };
  for (let i = 0; i < args.length; i++) {
    const [name, inline] = args[i].split(/=(.*)/s, 2);
    if (name === '--help' || name === '-h') return { help: true };
    if (flags.includes(name)) {
      read.flags.add(name.slice(2));
      continue;
    }
    if (!name.startsWith('-') && read.positional.length < positional) {
      read.positional.push(args[i]);
      continue;
    }
    const list = repeated.includes(name);
    if (!list && !valued.includes(name) && !GATEWAY_OPTIONS.includes(name)) {
      return `unknown argument ${args[i]}`;
    }
    const value = inline ?? args[++i];
    if (value === undefined || value === '') return `${name} needs a value`;
    if (list) (read.lists[name.slice(2)] ??= []).push(value);
    else read.values[name.slice(2)] = value;
  }
  return read;
}

/** --gateway (default the local one) and --token (default RAILYARD_TOKEN), or what is wrong. */
export function gatewayTarget(
  values: Record<string, string>,
  env: Record<string, string | undefined>,
): GatewayTarget | string {
  const gateway = values.gateway ?? `http://127.0.0.1:${GATEWAY_HTTP_PORT}`;
  if (!URL.canParse(gateway)) return `--gateway must be a URL, got "${gateway}"`;
  return { gateway, token: values.token ?? (env.RAILYARD_TOKEN?.trim() || undefined) };
}

/** An integer option within 1..max, its default when absent; undefined when it is not one. */
export function countOption(text: string | undefined, fallback: number, max: number) {
  if (text === undefined) return fallback;
  const value = Number(text);
  return Number.isInteger(value) && value >= 1 && value <= max ? value : undefined;
}

export const GATEWAY_USAGE = `Options: --gateway <url> (default http://127.0.0.1:${GATEWAY_HTTP_PORT})
         --token <jwt> (default: RAILYARD_TOKEN; make one with npm run -s token -- --role admin)`;
