import { SAGA_ADMIN_LIMITS, SAGA_HOSTS, SAGA_STATUSES, SagaStatus } from '@railyard/contracts';
import {
  countOption,
  GATEWAY_USAGE,
  GatewayTarget,
  gatewayTarget,
  readCommand,
  readOptions,
} from './cli-options';

/** The one saga host when there is only one: then --service may be left out. */
const DEFAULT_SERVICE = SAGA_HOSTS.length === 1 ? SAGA_HOSTS[0] : undefined;

export const SAGA_USAGE = `Sagas of a service, through the gateway's admin routes (an admin token is needed).

  npm run railyard -- saga list  [--service <name>] [--status RUNNING,COMPENSATING] [--older-than 30s]
                                 [--limit <n>] [--after <cursor>]
  npm run railyard -- saga show  <id> [--service <name>]
  npm run railyard -- saga retry <id> [--service <name>] [--reason <text>]
  npm run railyard -- saga abort <id> [--service <name>] [--reason <text>]

retry sends the awaited action or compensation again now; abort makes a RUNNING saga compensate
from its current step (a compensating one cannot be aborted: retry it instead).

${GATEWAY_USAGE}
         --service one of ${SAGA_HOSTS.join(', ')}${DEFAULT_SERVICE ? ` (default ${DEFAULT_SERVICE})` : ''}
         --status any of ${SAGA_STATUSES.join(', ')}, comma-separated
         --older-than not updated for that long: 90 (seconds), 30s, 5m, 2h, 1d
         --limit 1..${SAGA_ADMIN_LIMITS.maxPerPage} (default 50)   --json prints what the gateway answered`;

export const SAGA_COMMANDS = ['list', 'show', 'retry', 'abort'] as const;
export type SagaCommand = (typeof SAGA_COMMANDS)[number];

export interface SagaArgs extends GatewayTarget {
  command: SagaCommand;
  service: string;
  /** The saga of show, retry and abort. */
  id?: string;
  statuses?: SagaStatus[];
  olderThanSeconds?: number;
  limit: number;
  after?: string;
  reason?: string;
  json: boolean;
}

/** `saga <command> …`'s arguments, or why they are wrong (shown with the usage). */
export function parseSagaArgs(
  argv: string[],
  env: Record<string, string | undefined> = {},
): SagaArgs | { help: true } | string {
  const chosen = readCommand(argv, SAGA_COMMANDS);
  if (typeof chosen === 'string' || 'help' in chosen) return chosen;
  const { command, rest } = chosen;
  const listing = command === 'list';
  const read = readOptions(rest, {
    valued: listing
      ? ['--service', '--status', '--older-than', '--limit', '--after']
      : ['--service', ...(command === 'show' ? [] : ['--reason'])],
    flags: ['--json'],
    positional: listing ? 0 : 1,
  });
  if (typeof read === 'string' || 'help' in read) return read;
  const { values } = read;
  const [id] = read.positional;
  if (!listing && id === undefined) return `${command} needs the saga's id: saga ${command} <id>`;
  const service = values.service ?? DEFAULT_SERVICE;
  if (!service) return `--service <name> is required (one of ${SAGA_HOSTS.join(', ')})`;
  const statuses = values.status === undefined ? undefined : parseStatuses(values.status);
  if (typeof statuses === 'string') return statuses;
  const olderThanSeconds =
    values['older-than'] === undefined ? undefined : parseAge(values['older-than']);
  if (olderThanSeconds === null) {
    return `--older-than must be a duration such as 90, 30s, 5m, 2h or 1d, at most 365d`;
  }
  const limit = countOption(values.limit, 50, SAGA_ADMIN_LIMITS.maxPerPage);
  if (limit === undefined) return `--limit must be 1..${SAGA_ADMIN_LIMITS.maxPerPage}`;
  const target = gatewayTarget(values, env);
  if (typeof target === 'string') return target;
  return {
    command,
    service,
    ...target,
    id,
    statuses,
    olderThanSeconds,
    limit,
    after: values.after,
    reason: values.reason,
    json: read.flags.has('json'),
  };
}

/** `RUNNING,compensating` → the statuses, upper-cased; or which one is unknown. */
function parseStatuses(text: string): SagaStatus[] | string {
  const statuses = text.split(',').map((status) => status.trim().toUpperCase());
  const unknown = statuses.find((status) => !SAGA_STATUSES.includes(status as SagaStatus));
  if (unknown !== undefined) {
    return `--status: unknown status "${unknown}" (any of ${SAGA_STATUSES.join(', ')})`;
  }
  return [...new Set(statuses)] as SagaStatus[];
}

const SECONDS_PER_UNIT: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400 };

/** `90`, `30s`, `5m`, `2h`, `1d` → seconds; null when it is none, or past the longest age. */
export function parseAge(text: string): number | null {
  const match = /^(\d{1,9})([smhd]?)$/.exec(text.trim());
  if (!match) return null;
  const seconds = Number(match[1]) * SECONDS_PER_UNIT[match[2] || 's'];
  return seconds <= SAGA_ADMIN_LIMITS.maxOlderThanSeconds ? seconds : null;
}
