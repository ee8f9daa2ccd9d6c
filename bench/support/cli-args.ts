import { TransportName } from '@railyard/messaging';
import { Profile, PROFILES } from '../config/profile';

export const SECTIONS = ['resilience', 'bus', 'saga', 'gateway', 'burst', 'observability'] as const;
export type Section = (typeof SECTIONS)[number];

/** The transports measured: `memory` runs inside one process and has no broker to compare with. */
export const BENCH_TRANSPORTS = [
  'tcp',
  'rabbitmq',
  'kafka',
] as const satisfies readonly TransportName[];
export type BenchTransport = (typeof BENCH_TRANSPORTS)[number];

export interface CliArgs {
  profile: Profile;
  sections: Section[];
  transports: BenchTransport[];
  /** Where every started process writes its `.cpuprofile` (`--cpu-prof <dir>`); off if unset. */
  cpuProfileDir?: string;
  /** B7 also runs tracing alone and metrics alone (`--observability-parts`). */
  observabilityParts: boolean;
}

/**
 * `--profile smoke|full` (default full), `--only bus,saga`, `--transports tcp,kafka`,
 * `--burst-orders 600` (past the 200: where shedding starts), `--cpu-prof <dir>`,
 * `--observability-parts`.
 */
export function parseArgs(argv: string[]): CliArgs {
  const value = (flag: string) => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const list = <T extends string>(flag: string, allowed: readonly T[]): T[] => {
    const given = value(flag)
      ?.split(',')
      .map((s) => s.trim()) ?? [...allowed];
    const unknown = given.filter((item) => !allowed.includes(item as T));
    if (unknown.length > 0)
      throw new Error(`${flag}: unknown ${unknown.join(', ')} (allowed: ${allowed.join(', ')})`);
    return given as T[];
  };
  const profileName = value('--profile') ?? 'full';
  const profile = PROFILES[profileName as Profile['name']];
  if (!profile) throw new Error(`--profile must be one of ${Object.keys(PROFILES).join(', ')}`);
  const burstOrders = value('--burst-orders');
  if (burstOrders !== undefined && !/^[1-9]\d{0,4}$/.test(burstOrders)) {
    throw new Error(`--burst-orders must be 1..99999, got ${burstOrders}`);
  }
  return {
    profile: burstOrders
      ? { ...profile, burst: { ...profile.burst, orders: Number(burstOrders) } }
      : profile,
    sections: list('--only', SECTIONS),
    transports: list('--transports', BENCH_TRANSPORTS),
    cpuProfileDir: value('--cpu-prof'),
    observabilityParts: argv.includes('--observability-parts'),
  };
}
