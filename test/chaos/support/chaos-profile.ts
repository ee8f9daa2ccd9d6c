/**
 * How hard the chaos suite pushes. `quick` (the default, what CI runs) keeps all three transports
 * well inside CI's budget; `full` (CHAOS_PROFILE=full, `npm run test:chaos:full`) is the on-demand
 * run with five times the orders per scenario.
 */
export interface ChaosProfile {
  name: 'quick' | 'full';
  /** Orders placed through the gateway in each fault scenario. */
  ordersPerScenario: number;
  /** Steady arrival rate of those orders, per second (open loop: a slow answer does not slow it). */
  ordersPerSecond: number;
  /** Every accepted order must be terminal within this long after the load ends. */
  terminalWithinMs: number;
  /** SIGSTOP lasts this long: past Kafka's 10 s consumer session and RabbitMQ's missed heartbeats. */
  stopMs: number;
  /**
   * payment-service stays down this long in the long-outage scenario: several times its system's
   * shortened compensation schedule (stuck after ~2.5 s), far past it in `full`.
   */
  longOutageMs: number;
  /** The whole run's bound: a scenario due after it fails instead of running (CI is cut at 90 min). */
  budgetMs: number;
}

const PROFILES: Record<ChaosProfile['name'], ChaosProfile> = {
  quick: {
    name: 'quick',
    ordersPerScenario: 90,
    ordersPerSecond: 9,
    terminalWithinMs: 120_000,
    stopMs: 15_000,
    longOutageMs: 20_000,
    budgetMs: 30 * 60_000,
  },
  full: {
    name: 'full',
    ordersPerScenario: 500,
    ordersPerSecond: 20,
    terminalWithinMs: 180_000,
    stopMs: 20_000,
    longOutageMs: 90_000,
    budgetMs: 210 * 60_000,
  },
};

export function chaosProfile(env: NodeJS.ProcessEnv = process.env): ChaosProfile {
  const name = env.CHAOS_PROFILE ?? 'quick';
  if (name !== 'quick' && name !== 'full') {
    throw new Error(`CHAOS_PROFILE must be quick or full, got "${name}"`);
  }
  return PROFILES[name];
}

/** The run's base seed: CHAOS_SEED replays a run; otherwise a fresh one, printed with every row. */
export function chaosSeed(env: NodeJS.ProcessEnv = process.env): number {
  if (env.CHAOS_SEED === undefined || env.CHAOS_SEED === '') return Date.now() % 2 ** 31;
  const seed = Number(env.CHAOS_SEED);
  if (!Number.isSafeInteger(seed))
    throw new Error(`CHAOS_SEED must be an integer, got "${env.CHAOS_SEED}"`);
  return seed;
}

/** Marsaglia's xorshift32: the same seed gives the same orders and fault timings. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 0x9e3779b9; // xorshift never leaves 0
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}
