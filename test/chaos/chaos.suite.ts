import { TransportName } from '../support/system';
import { ChaosProfile, chaosProfile, chaosSeed, seededRandom } from './support/chaos-profile';
import { recordRow, runElapsedMs } from './support/chaos-report';
import { ChaosSystem } from './support/chaos-system';
import { Fault, FAULTS } from './support/faults';
import { lateSubscriber } from './support/late-subscriber.scenario';
import { longPaymentOutage } from './support/long-payment-outage.scenario';
import { orderReplicas } from './support/order-replicas.scenario';
import { runScenario } from './support/run-scenario';
import { Prepared, SystemScenario } from './support/system-scenario';

/** Scenarios that need a system of their own (another env, late apps, replicas), in this order. */
const SYSTEM_SCENARIOS: SystemScenario[] = [longPaymentOutage, lateSubscriber, orderReplicas];

const profile = chaosProfile();
const only = process.env.CHAOS_ONLY || undefined;
const ids = [...FAULTS, ...SYSTEM_SCENARIOS].map((fault) => fault.id);
if (only && !ids.includes(only)) {
  // A typo would skip every scenario and report green.
  throw new Error(`CHAOS_ONLY=${only} names no scenario; ids: ${ids.join(', ')}`);
}

/** The env every chaos system starts with; a system scenario adds its own. */
const BASE_ENV = {
  LOG_LEVEL: 'warn',
  // The load generator is one client: keep the gateway's per-client limit out of the way.
  THROTTLE_LIMIT: '100000',
};

/**
 * Every fault scenario against the four apps on one transport: FAULTS one after another on one
 * standard system (each scenario has its own customers and skus), then each system scenario on a
 * system of its own, started for it and stopped after it (never two systems at once: on Kafka
 * they would share consumer groups). Scenario i gets seed CHAOS_SEED + i, or exactly CHAOS_SEED
 * when CHAOS_ONLY names it: `CHAOS_SEED=<row's seed> CHAOS_ONLY=<fault id>` replays that row's
 * orders and fault timing.
 */
export function chaosSuite(transport: TransportName): void {
  const baseSeed = chaosSeed();
  const seedOf = (index: number) => (only ? baseSeed : baseSeed + index);

  const standard = only && !FAULTS.some((fault) => fault.id === only) ? describe.skip : describe;
  standard(`chaos on ${transport} (${profile.name} profile)`, () => {
    let chaos: ChaosSystem;

    beforeAll(async () => {
      chaos = await ChaosSystem.start(transport, seededRandom(baseSeed), BASE_ENV);
    }, 180_000);

    afterAll(async () => {
      await chaos?.stop();
    }, 120_000);

    FAULTS.forEach((fault, index) => {
      (only && only !== fault.id ? it.skip : it)(
        `[${transport}] ${fault.title}: nothing lost, nothing duplicated, invariants hold`,
        () => scenarioTest(() => chaos, fault, seedOf(index)),
        scenarioTimeoutMs(profile),
      );
    });
  });

  SYSTEM_SCENARIOS.forEach((scenario, index) => {
    const seed = seedOf(FAULTS.length + index);
    (only && only !== scenario.id ? describe.skip : describe)(
      `chaos on ${transport}, own system: ${scenario.id} (${profile.name} profile)`,
      () => {
        let chaos: ChaosSystem | undefined;
        let prepared: Prepared = {};

        beforeAll(async () => {
          prepared = (await scenario.prepare?.(transport)) ?? {};
          const env = { ...BASE_ENV, ...scenario.env?.(profile), ...prepared.env };
          chaos = await ChaosSystem.start(transport, seededRandom(seed), env, {
            deferred: scenario.deferred,
          });
          await scenario.started?.(chaos);
        }, 300_000);

        afterAll(async () => {
          await chaos?.stop();
          await prepared.cleanUp?.();
        }, 120_000);

        it(
          `[${transport}] ${scenario.title}: nothing lost, nothing duplicated, invariants hold`,
          () => scenarioTest(() => chaos!, scenario, seed),
          // Their faults last longer than the standard ones (an outage, first starts, replicas).
          scenarioTimeoutMs(profile) + profile.longOutageMs,
        );
      },
    );
  });
}

async function scenarioTest(chaos: () => ChaosSystem, fault: Fault, seed: number): Promise<void> {
  if (runElapsedMs() > profile.budgetMs) {
    throw new Error(`the chaos run's budget of ${profile.budgetMs / 60_000} min is spent: not run`);
  }
  const system = chaos();
  const result = await runScenario(system, fault, profile, seed);
  const { violations, ...row } = result;
  recordRow(row);
  if (!row.passed) {
    console.error(
      `[${system.transport}] ${fault.id} seed ${seed}:\n${violations.join('\n')}\n${system.outputTails()}`,
    );
  }
  expect({ lost: row.lost, duplicated: row.duplicated, violations }).toEqual({
    lost: 0,
    duplicated: 0,
    violations: [],
  });
  expect(row.orders).toBe(profile.ordersPerScenario);
}

/** Placements retry up to terminalWithinMs, then quiescence waits up to as long again. */
function scenarioTimeoutMs(p: ChaosProfile): number {
  return p.terminalWithinMs * 2 + (p.ordersPerScenario / p.ordersPerSecond) * 1000 + 120_000;
}
