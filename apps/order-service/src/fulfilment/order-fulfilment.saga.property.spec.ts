import fc from 'fast-check';
import { contractTypes } from '@railyard/contracts';
import { parseReplyTag, SAGA_ID_HEADER, SAGA_STEP_HEADER, SagaSettings } from '@railyard/saga';
import { merge } from './testing/fake-inventory';
import {
  FulfilmentRun,
  FulfilmentWorld,
  orderIdAt,
  runFulfilment,
} from './testing/fulfilment-world';
import { ScriptedAdversary } from './testing/scripted-adversary';
import { Adversary, BusMessage, Fate } from './testing/simulated-network';

const SETTINGS: SagaSettings = {
  stepDeadlineMs: 3_000,
  compensation: {
    stuckAfterAttempts: 6,
    baseDelayMs: 1_000,
    maxDelayMs: 16_000,
    stuckMaxDelayMs: 64_000,
  },
};
const { stuckAfterAttempts, baseDelayMs, maxDelayMs } = SETTINGS.compensation;
/** The wait after the last send before a saga is stuck: 16 s (waits go 1, 2, 4, 8, 16, 16 s). */
const LAST_WAIT_MS = Math.min(maxDelayMs, baseDelayMs * 2 ** (stuckAfterAttempts - 1));
/**
 * One way, per copy; a third of the sends draw from the whole range. A round trip (≤ 15 s) can
 * outlast an action's deadline (3 s) and the first four compensation waits, so slowness
 * alone times steps out, makes resends and lets a compensation overtake its action; it is still
 * shorter than LAST_WAIT_MS, so slowness alone never makes a saga stuck.
 */
const MAX_LATENCY_MS = 7_500;
const FAIR_LATENCY_MS = 10;

const SKUS = ['sku-a', 'sku-b', 'sku-c'];
const CUSTOMERS = ['cust-1', 'cust-2', 'cust-3'];
const COMMANDS = new Set(contractTypes({ kind: 'command', oneWay: true }));
/** Failure reasons a saga can end with; 'order released' / 'order refunded' only answer late. */
const REASONS = [
  'timeout',
  'insufficient stock',
  'unknown sku',
  'insufficient funds',
  'unknown account',
];

/** Mostly one of `common`, now and then `rare` (a sku or customer no service knows). */
const mostly = (common: string[], rare: string) =>
  fc.oneof(
    { weight: 15, arbitrary: fc.constantFrom(...common) },
    { weight: 1, arbitrary: fc.constant(rare) },
  );
const amounts = (keys: string[], max: number) =>
  fc
    .array(fc.integer({ min: 0, max }), { minLength: keys.length, maxLength: keys.length })
    .map((values) => Object.fromEntries(keys.map((key, i) => [key, values[i]])));

const worldArb: fc.Arbitrary<FulfilmentWorld> = fc.record({
  stock: amounts(SKUS, 20),
  accounts: amounts(CUSTOMERS, 12_000),
  orders: fc.array(
    fc.record({
      customerId: mostly(CUSTOMERS, 'cust-unknown'),
      items: fc.array(
        fc.record({
          sku: mostly(SKUS, 'sku-unknown'),
          quantity: fc.integer({ min: 1, max: 3 }),
          unitPrice: fc.integer({ min: 50, max: 1_500 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      startAtMs: fc.integer({ min: 0, max: 4_000 }),
    }),
    { minLength: 1, maxLength: 12 },
  ),
});

const latencyArb = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 300 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: MAX_LATENCY_MS }) },
);
const fateArb: fc.Arbitrary<Fate> = fc.oneof(
  {
    weight: 6,
    arbitrary: latencyArb.map((latencyMs) => ({ kind: 'deliver' as const, latencyMs })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(latencyArb, latencyArb)
      .map(([latencyMs, againMs]) => ({ kind: 'duplicate' as const, latencyMs, againMs })),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'drop' as const }) },
);
const scriptArb = fc.array(fateArb, { maxLength: 150 });

const tagOf = (message: BusMessage) => parseReplyTag(message.headers[SAGA_STEP_HEADER]);

/**
 * Withholds the replies to the first `withheld[saga]` compensation sends of each saga (every copy
 * of them); everything else is left to `next`.
 */
function withholding(next: Adversary, withheld: ReadonlyMap<string, number>): Adversary {
  const sends = new Map<string, string[]>();
  return (message) => {
    const saga = message.headers[SAGA_ID_HEADER];
    const tag = message.headers[SAGA_STEP_HEADER];
    if (!saga || tagOf(message)?.phase !== 'compensation') return next(message);
    const tags = sends.get(saga) ?? [];
    if (COMMANDS.has(message.type)) {
      if (!tags.includes(tag)) sends.set(saga, [...tags, tag]);
      return next(message);
    }
    const index = tags.indexOf(tag);
    return index >= 0 && index < (withheld.get(saga) ?? 0) ? { kind: 'drop' } : next(message);
  };
}

/** Compares values built the same way (same key order). */
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Every rule for orders, stock and money that a quiet run breaks; empty when all hold. (Plain
 * checks, one `expect` per run: jest matchers per field would be most of the run time.)
 */
function brokenRules(world: FulfilmentWorld, run: FulfilmentRun): string[] {
  const { orchestrator, inventory, payment, orders } = run;
  const broken: string[] = [];
  const rule = (holds: boolean, what: string) => holds || broken.push(what);
  for (const { orderId, customerId, items, total } of run.contexts) {
    const saga = orchestrator.states.get(orderId);
    const order = orders.get(orderId);
    const hooks = orchestrator.hooks.get(orderId) ?? [];
    const charges = payment.ledger.filter((e) => e.orderId === orderId && e.kind === 'CHARGE');
    const refunds = payment.ledger.filter((e) => e.orderId === orderId && e.kind === 'REFUND');
    const reservation = inventory.reservations.get(orderId);
    const facts = `${orderId} ${JSON.stringify({ saga, order, hooks, charges, refunds, reservation })}`;
    rule(charges.length <= 1, `charged twice: ${facts}`);
    rule(
      same(
        refunds.map(({ customerId: c, amount: a }) => [c, a]),
        charges.slice(0, refunds.length).map(({ customerId: c, amount: a }) => [c, a]),
      ),
      `refund differs from the charge: ${facts}`,
    );
    const chargedNotRefunded = charges.length === 1 && refunds.length === 0;
    const committed = reservation?.status === 'COMMITTED';
    rule(
      (order?.status === 'CONFIRMED') === (chargedNotRefunded && committed),
      `CONFIRMED ⇎ charged, not refunded and committed: ${facts}`,
    );
    switch (saga?.status) {
      case 'COMPLETED':
        rule(same(order, { status: 'CONFIRMED' }), `completed, not confirmed: ${facts}`);
        rule(same(hooks, [{ kind: 'completed' }]), `hooks: ${facts}`);
        rule(
          same(
            charges.map((c) => [c.customerId, c.amount]),
            [[customerId, total]],
          ),
          `charge: ${facts}`,
        );
        rule(same(reservation?.lines, merge(items)), `committed lines: ${facts}`);
        break;
      case 'COMPENSATED':
        rule(same(order, { status: 'CANCELLED', reason: saga.reason }), `not cancelled: ${facts}`);
        rule(REASONS.includes(saga.reason ?? ''), `unexpected reason: ${facts}`);
        rule(same(hooks, [{ kind: 'compensated', reason: saga.reason }]), `hooks: ${facts}`);
        rule(refunds.length === charges.length, `cancelled, money kept: ${facts}`);
        rule(!committed && reservation?.status !== 'RESERVED', `cancelled, stock held: ${facts}`);
        break;
      default:
        broken.push(`stuck: ${facts}`);
    }
  }
  for (const sku of SKUS) {
    const level = inventory.levels.get(sku);
    const units = level ? level.available + level.reserved + level.committed : NaN;
    rule(units === world.stock[sku], `${sku} had ${world.stock[sku]}: ${JSON.stringify(level)}`);
    rule(!level || Math.min(level.available, level.reserved, level.committed) >= 0, `${sku} < 0`);
  }
  for (const customer of CUSTOMERS) {
    const moved = (kind: string) =>
      payment.ledger
        .filter((e) => e.customerId === customer && e.kind === kind)
        .reduce((sum, e) => sum + e.amount, 0);
    const balance = payment.balances.get(customer) ?? NaN;
    const initial = balance + moved('CHARGE') - moved('REFUND');
    rule(
      initial === world.accounts[customer],
      `${customer} had ${world.accounts[customer]}, books say ${initial}`,
    );
    rule(balance >= 0, `${customer} is overdrawn: ${balance}`);
  }
  return broken;
}

/** Paths a run took, named for the coverage check: each one is taken in ≥ 9 % of runs. */
function pathsOf(run: FulfilmentRun, replies: readonly BusMessage[]): string[] {
  const { orchestrator, payment } = run;
  const paths = [...orchestrator.states.values()].map((s) => `${s.status} ${s.reason ?? ''}`);
  for (const entry of [...orchestrator.logs.values()].flat()) {
    if (entry.event === 'DEADLINE_PASSED') paths.push(`deadline of step ${entry.step}`);
    if (entry.event === 'COMPENSATION_SENT' && entry.detail !== 'attempt 1') paths.push('resend');
  }
  for (const why of orchestrator.ignored)
    paths.push(`ignored ${why.split(' ').slice(0, 2).join(' ')}`);
  for (const { payload } of replies) paths.push(`reply ${(payload as { reason?: string }).reason}`);
  if ([...payment.decisions.values()].some((d) => d.status === 'VOIDED'))
    paths.push('charge voided');
  return paths;
}
const EXPECTED_PATHS = [
  'COMPLETED ',
  ...REASONS.map((reason) => `COMPENSATED ${reason}`),
  'deadline of step 0',
  'deadline of step 1',
  'resend',
  'ignored stale reply',
  'ignored saga is',
  'reply order released',
  'charge voided',
];

/**
 * The real OrderFulfilmentSaga, its hooks on in-memory orders and outbox, run by the SagaMachine
 * as the orchestrator runs it, against in-memory inventory and payment services.
 */
describe('OrderFulfilmentSaga under a network that drops, duplicates, reorders and delays', () => {
  it('ends every saga COMPLETED or COMPENSATED, however many messages are dropped', async () => {
    expect(2 * MAX_LATENCY_MS).toBeLessThan(LAST_WAIT_MS);
    const taken = new Set<string>();
    await fc.assert(
      fc.asyncProperty(worldArb, scriptArb, async (world, script) => {
        const scripted = new ScriptedAdversary(script, {
          dropsPerSaga: Infinity,
          droppable: () => true,
          fairLatencyMs: FAIR_LATENCY_MS,
        });
        const replies: BusMessage[] = [];
        const run = await runFulfilment(world, SETTINGS, (message) => {
          if (!COMMANDS.has(message.type)) replies.push(message);
          return scripted.fate(message);
        });
        const held = SKUS.filter((sku) => run.inventory.levels.get(sku)?.reserved !== 0);
        expect({ broken: brokenRules(world, run), held }).toEqual({ broken: [], held: [] });
        pathsOf(run, replies).forEach((path) => taken.add(path));
      }),
      { numRuns: 200 },
    );
    expect(EXPECTED_PATHS.filter((path) => !taken.has(path))).toEqual([]);
  }, 30_000);

  it('counts a saga STUCK exactly when the replies to all its first sends are withheld, and still ends it', async () => {
    const withheldArb = fc.array(fc.integer({ min: 0, max: stuckAfterAttempts + 4 }), {
      minLength: 12,
      maxLength: 12,
    });
    let stuckSagas = 0;
    await fc.assert(
      fc.asyncProperty(worldArb, scriptArb, withheldArb, async (world, script, counts) => {
        const withheld = new Map(counts.map((count, i) => [orderIdAt(i), count]));
        // Drops only hit actions here; compensation replies are lost only by being withheld.
        const scripted = new ScriptedAdversary(script, {
          dropsPerSaga: Infinity,
          droppable: (message) => tagOf(message)?.phase === 'action',
          fairLatencyMs: FAIR_LATENCY_MS,
        });
        const run = await runFulfilment(world, SETTINGS, withholding(scripted.fate, withheld));
        const { logs } = run.orchestrator;
        const eventsOf = (id: string, event: string) =>
          (logs.get(id) ?? []).filter((entry) => entry.event === event);
        const ids = run.contexts.map((context) => context.orderId);
        const stuck = ids.filter((id) => eventsOf(id, 'STUCK').length > 0);
        const starved = ids.filter(
          (id) =>
            eventsOf(id, 'COMPENSATION_SENT').length > 0 &&
            (withheld.get(id) ?? 0) >= stuckAfterAttempts,
        );
        const held = [...run.inventory.reservations]
          .filter(([, reservation]) => reservation.status === 'RESERVED')
          .map(([id]) => id);
        expect({ broken: brokenRules(world, run), stuck, held }).toEqual({
          broken: [],
          stuck: starved,
          held: [],
        });
        for (const id of stuck) {
          expect(eventsOf(id, 'STUCK')).toHaveLength(1);
          // Every withheld send was followed by another, until one was answered.
          const sends = eventsOf(id, 'COMPENSATION_SENT').length;
          expect(sends).toBeGreaterThan(Math.max(stuckAfterAttempts, withheld.get(id) ?? 0));
        }
        stuckSagas += stuck.length;
      }),
      { numRuns: 200 },
    );
    expect(stuckSagas).toBeGreaterThan(0);
  }, 30_000);
});
