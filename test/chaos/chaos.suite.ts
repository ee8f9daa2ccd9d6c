import { TransportName } from '../support/system';
import { chaosProfile, chaosSeed, seededRandom } from './support/chaos-profile';
import { recordRow, runElapsedMs } from './support/chaos-report';
import { ChaosSystem } from './support/chaos-system';
import { FAULTS } from './support/faults';
import { runScenario } from './support/run-scenario';

const profile = chaosProfile();
const only = process.env.CHAOS_ONLY || undefined;
if (only && !FAULTS.some((fault) => fault.id === only)) {
  // A typo would skip every scenario and report green.
  throw new Error(
    `CHAOS_ONLY=${only} names no scenario; ids: ${FAULTS.map((f) => f.id).join(', ')}`,
  );
}

/**
 * Every fault scenario against the four apps on one transport, one after another on one system
 * (each scenario has its own customers and skus). Scenario i gets seed CHAOS_SEED + i, or exactly
 * CHAOS_SEED when CHAOS_ONLY names it: `CHAOS_SEED=<row's seed> CHAOS_ONLY=<fault id>` replays
 * that row's orders and fault timing.
 */
export function chaosSuite(transport: TransportName): void {
  describe(`chaos on ${transport} (${profile.name} profile)`, () => {
    const baseSeed = chaosSeed();
    let chaos: ChaosSystem;

    beforeAll(async () => {
      chaos = await ChaosSystem.start(transport, seededRandom(baseSeed), {
        LOG_LEVEL: 'warn',
        // The load generator is one client: keep the gateway's per-client limit out of the way.
        THROTTLE_LIMIT: '100000',
      });
    }, 180_000);

    afterAll(async () => {
      await chaos?.stop();
    }, 120_000);

    FAULTS.forEach((fault, index) => {
      (only && only !== fault.id ? it.skip : it)(
        `[${transport}] ${fault.title}: nothing lost, nothing duplicated, invariants hold`,
        async () => {
          if (runElapsedMs() > profile.budgetMs) {
            throw new Error(
              `the chaos run's budget of ${profile.budgetMs / 60_000} min is spent: not run`,
            );
          }
          const seed = only ? baseSeed : baseSeed + index;
          const result = await runScenario(chaos, fault, profile, seed);
          const { violations, ...row } = result;
          recordRow(row);
          if (!row.passed) {
            console.error(
              `[${transport}] ${fault.id} seed ${seed}:\n${violations.join('\n')}\n${chaos.outputTails()}`,
            );
          }
          expect({ lost: row.lost, duplicated: row.duplicated, violations }).toEqual({
            lost: 0,
            duplicated: 0,
            violations: [],
          });
          expect(row.orders).toBe(profile.ordersPerScenario);
        },
        // Placements retry up to terminalWithinMs, then quiescence waits up to as long again.
        profile.terminalWithinMs * 2 +
          (profile.ordersPerScenario / profile.ordersPerSecond) * 1000 +
          120_000,
      );
    });
  });
}
