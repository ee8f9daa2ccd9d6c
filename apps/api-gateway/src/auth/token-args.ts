import { Role, ROLES } from './principal';

export const TOKEN_USAGE = `Prints a bearer token the gateway accepts, signed with the configured AUTH_JWT_SECRET.

  npm run -s token -- --sub <customerId>    a customer's token: its own orders, account, payments
  npm run -s token -- --role admin          an admin's token (sub "admin" unless --sub is given)

Options: --ttl <seconds | 30m | 12h | 7d> (default 1h)`;

const DEFAULT_TTL_SECONDS = 3_600;
const MAX_TTL_SECONDS = 30 * 24 * 3_600;
const TTL_UNITS: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400 };

export interface TokenArgs {
  subject: string;
  role: Role;
  expiresInSeconds: number;
}

/** The token CLI's arguments, or why they are wrong (shown with the usage). */
export function parseTokenArgs(argv: string[]): TokenArgs | { help: true } | string {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') return { help: true };
    const [name, inline] = flag.split(/=(.*)/s, 2);
    if (!['--sub', '--role', '--ttl'].includes(name)) return `unknown argument ${flag}`;
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') return `${name} needs a value`;
    values[name.slice(2)] = value;
  }
  const role = values.role ?? 'customer';
  if (!ROLES.includes(role as Role)) return `--role must be one of ${ROLES.join(', ')}`;
  const subject = values.sub ?? (role === 'admin' ? 'admin' : undefined);
  if (subject === undefined) return 'give --sub <customerId> or --role admin';
  if (subject.length > 128) return '--sub must be at most 128 characters';
  const ttl = values.ttl === undefined ? DEFAULT_TTL_SECONDS : parseTtl(values.ttl);
  if (ttl === undefined) return `--ttl must be seconds or a number with s, m, h or d, at most 30d`;
  return { subject, role: role as Role, expiresInSeconds: ttl };
}

function parseTtl(text: string): number | undefined {
  const match = /^(\d+)([smhd]?)$/.exec(text);
  if (!match) return undefined;
  const seconds = Number(match[1]) * TTL_UNITS[match[2] || 's'];
  return seconds > 0 && seconds <= MAX_TTL_SECONDS ? seconds : undefined;
}
