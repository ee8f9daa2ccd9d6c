import fc from 'fast-check';
import { InventoryCommands, PaymentCommands } from '@railyard/contracts';
import { parseReplyTag, SAGA_ID_HEADER, SAGA_STEP_HEADER } from '../reply-tag';
import { SagaSettings } from '../saga-settings';
import { merge } from './fake-inventory';
import { FulfilmentRun, FulfilmentWorld, runFulfilment } from './fulfilment-world';
import { ScriptedAdversary } from './scripted-adversary';
import { Adversary, BusMessage, Fate } from './simulated-network';

const SETTINGS: SagaSettings = {
  stepDeadlineMs: 3_000,
  compensation: { maxAttempts: 6, baseDelayMs: 1_000, maxDelayMs: 16_000 },
};
const { maxAttempts, baseDelayMs, maxDelayMs } = SETTINGS.compensation;
/** The wait after the last compensation send: 16 s (waits go 1, 2, 4, 8, 16, 16 s). */
const LAST_WAIT_MS = Math.min(maxDelayMs, baseDelayMs * 2 ** (maxAttempts - 1));
/**
 * One way, per copy. A round trip (≤ 5 s) outlasts an action's deadline (3 and 4 s) and the first
 * three compensation waits, so slowness alone times steps out and makes resends, but it is
 * shorter than LAST_WAIT_MS.
 */
const MAX_LATENCY_MS = 7_500;
/**
 * FAILED needs all `maxAttempts` sends of one compensation unanswered when the last wait ends.
 * A send whose command and reply are not dropped is answered within 2 · MAX_LATENCY_MS of being
 * sent, which is before the last wait (LAST_WAIT_MS, longer) ends — its own or a later send's.
 * So each send needs a drop of its own: `maxAttempts` drops in one saga. One fewer can't do it.
 */
const DROPS_PER_SAGA = maxAttempts - 1;
const FAIR_LATENCY_MS = 10;

const SKUS = ['sku-a', 'sku-b', 'sku-c'];
const CUSTOMERS = ['cust-1', 'cust-2', 'cust-3'];
const COMMANDS = new Set<string>([
  ...Object.values(InventoryCommands),
  ...Object.values(PaymentCommands),
]);
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

/** What every saga's order, stock and money must look like once the bus is quiet. */
function expectConsistent(world: FulfilmentWorld, run: FulfilmentRun): void {
  const { orchestrator, inventory, payment, orders } = run;
  for (const { orderId, customerId, items, total } of run.contexts) {
    const saga = orchestrator.states.get(orderId);
    const order = orders.get(orderId);
    const hooks = orchestrator.hooks.get(orderId) ?? [];
    const charges = payment.ledger.filter((e) => e.orderId === orderId && e.kind === 'CHARGE');
    const refunds = payment.ledger.filter((e) => e.orderId === orderId && e.kind === 'REFUND');
    const reservation = inventory.reservations.get(orderId);
    expect(charges.length).toBeLessThanOrEqual(1);
    expect(refunds.map((r) => [r.customerId, r.amount])).toEqual(
      charges.slice(0, refunds.length).map((c) => [c.customerId, c.amount]),
    );
    const chargedNotRefunded = charges.length === 1 && refunds.length === 0;
    const committed = reservation?.status === 'COMMITTED';
    expect(order?.status === 'CONFIRMED').toBe(chargedNotRefunded && committed);
    switch (saga?.status) {
      case 'COMPLETED':
        expect(order).toEqual({ status: 'CONFIRMED' });
        expect(hooks).toEqual([{ kind: 'completed' }]);
        expect(charges.map((c) => [c.customerId, c.amount])).toEqual([[customerId, total]]);
        expect(reservation?.lines).toEqual(merge(items));
        break;
      case 'COMPENSATED':
        expect(order).toEqual({ status: 'CANCELLED', reason: saga.reason });
        expect(REASONS).toContain(saga.reason);
        expect(hooks).toEqual([{ kind: 'compensated', reason: saga.reason }]);
        expect(refunds.length).toBe(charges.length);
        expect(['RESERVED', 'COMMITTED']).not.toContain(reservation?.status);
        break;
      case 'FAILED':
        expect(order).toEqual({ status: 'PENDING' });
        expect(hooks).toEqual([]);
        break;
      default:
        throw new Error(`${orderId} is stuck: ${JSON.stringify(saga)}`);
    }
  }
  for (const sku of SKUS) {
    const { available, reserved, committed } = inventory.levels.get(sku) ?? {};
    expect(Math.min(available ?? -1, reserved ?? -1, committed ?? -1)).toBeGreaterThanOrEqual(0);
    expect({ sku, total: (available ?? 0) + (reserved ?? 0) + (committed ?? 0) }).toEqual({
      sku,
      total: world.stock[sku],
    });
  }
  for (const customer of CUSTOMERS) {
    const moved = (kind: string) =>
      payment.ledger
        .filter((e) => e.customerId === customer && e.kind === kind)
        .reduce((sum, e) => sum + e.amount, 0);
    const balance = payment.balances.get(customer) ?? -1;
    expect(balance).toBeGreaterThanOrEqual(0);
    expect({ customer, initial: balance + moved('CHARGE') - moved('REFUND') }).toEqual({
      customer,
      initial: world.accounts[customer],
    });
  }
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

describe('SagaMachine under a network that drops, duplicates, reorders and delays', () => {
  it(`ends every saga COMPLETED or COMPENSATED with ≤ ${DROPS_PER_SAGA} drops per saga`, async () => {
    expect(2 * MAX_LATENCY_MS).toBeLessThan(LAST_WAIT_MS);
    const taken = new Set<string>();
    await fc.assert(
      fc.asyncProperty(worldArb, scriptArb, async (world, script) => {
        const scripted = new ScriptedAdversary(script, {
          dropsPerSaga: DROPS_PER_SAGA,
          droppable: () => true,
          fairLatencyMs: FAIR_LATENCY_MS,
        });
        const replies: BusMessage[] = [];
        const run = await runFulfilment(world, SETTINGS, (message) => {
          if (!COMMANDS.has(message.type)) replies.push(message);
          return scripted.fate(message);
        });
        for (const { orderId } of run.contexts) {
          expect(run.orchestrator.states.get(orderId)?.status).toMatch(/^(COMPLETED|COMPENSATED)$/);
        }
        expectConsistent(world, run);
        for (const sku of SKUS) expect(run.inventory.levels.get(sku)?.reserved).toBe(0);
        pathsOf(run, replies).forEach((path) => taken.add(path));
      }),
      { numRuns: 20000 },
    );
    expect(EXPECTED_PATHS.filter((path) => !taken.has(path))).toEqual([]);
  });

  it('ends a saga FAILED exactly when the replies to all its compensation sends are withheld', async () => {
    const withheldArb = fc.array(fc.integer({ min: 0, max: maxAttempts + 2 }), {
      minLength: 12,
      maxLength: 12,
    });
    await fc.assert(
      fc.asyncProperty(worldArb, scriptArb, withheldArb, async (world, script, withheld) => {
        const withheldOf = (saga: string) => withheld[Number(saga.split('-')[1]) - 1];
        // Drops only hit actions; compensation replies are lost only by being withheld.
        const scripted = new ScriptedAdversary(script, {
          dropsPerSaga: Infinity,
          droppable: (message) => tagOf(message)?.phase === 'action',
          fairLatencyMs: FAIR_LATENCY_MS,
        });
        const sent = new Map<string, string[]>();
        const adversary: Adversary = (message) => {
          const saga = message.headers[SAGA_ID_HEADER];
          const tag = message.headers[SAGA_STEP_HEADER];
          if (!saga || tagOf(message)?.phase !== 'compensation') return scripted.fate(message);
          const tags = sent.get(saga) ?? [];
          if (COMMANDS.has(message.type)) {
            if (!tags.includes(tag)) sent.set(saga, [...tags, tag]);
            return scripted.fate(message);
          }
          const index = tags.indexOf(tag);
          return index >= 0 && index < withheldOf(saga) ? { kind: 'drop' } : scripted.fate(message);
        };
        const run = await runFulfilment(world, SETTINGS, adversary);
        for (const { orderId } of run.contexts) {
          const log = run.orchestrator.logs.get(orderId) ?? [];
          const sends = log.filter((entry) => entry.event === 'COMPENSATION_SENT');
          const status = run.orchestrator.states.get(orderId)?.status;
          expect(status === 'FAILED').toBe(sends.length > 0 && withheldOf(orderId) >= maxAttempts);
          if (status === 'FAILED') {
            expect(sends.map((entry) => entry.detail)).toEqual(
              Array.from({ length: maxAttempts }, (_, i) => `attempt ${i + 1}`),
            );
            expect(log.at(-1)?.event).toBe('FAILED');
          }
        }
        expectConsistent(world, run);
        for (const [orderId, reservation] of run.inventory.reservations) {
          if (reservation.status !== 'RESERVED') continue;
          expect(run.orchestrator.states.get(orderId)?.status).toBe('FAILED');
        }
      }),
      { numRuns: 20000 },
    );
  });
});
