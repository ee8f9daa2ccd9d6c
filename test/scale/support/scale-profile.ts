import { ChaosProfile, chaosProfile } from '../../chaos/support/chaos-profile';

/**
 * How hard `npm run test:scale` pushes: `quick` (the default, in `npm test`) 200 orders, `full`
 * (SCALE_PROFILE=full, `npm run test:scale:full`) 1,000, both at a steady rate through two
 * gateways. The rest (how long an order may take to end, the run's budget) is the chaos suite's
 * profile of the same name: the scale run checks the same invariants after the same kind of fault.
 */
export function scaleProfile(env: NodeJS.ProcessEnv = process.env): ChaosProfile {
  const name = env.SCALE_PROFILE ?? 'quick';
  if (name !== 'quick' && name !== 'full') {
    throw new Error(`SCALE_PROFILE must be quick or full, got "${name}"`);
  }
  const base = chaosProfile({ CHAOS_PROFILE: name });
  return name === 'quick'
    ? { ...base, ordersPerScenario: 200, ordersPerSecond: 10 }
    : { ...base, ordersPerScenario: 1_000, ordersPerSecond: 25 };
}
