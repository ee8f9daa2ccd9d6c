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

it('stats', async () => {
  const counts = new Map<string, number>();
  const bump = (k: string, n = 1) => counts.set(k, (counts.get(k) ?? 0) + n);
  const runsWith = new Map<string, number>();
  let events = 0;
  const RUNS = 1000;
  const t0 = Date.now();
  for (const [world, script] of fc.sample(fc.tuple(worldArb, scriptArb), RUNS)) {
    const seen = new Set<string>();
    const mark = (k: string) => seen.add(k);
    const adversary = new ScriptedAdversary(script, {
      dropsPerSaga: DROPS_PER_SAGA,
      droppable: () => true,
      fairLatencyMs: FAIR_LATENCY_MS,
    });
    const spy = (m: BusMessage) => {
      events++;
      const f = adversary.fate(m);
      mark('fate:' + f.kind);
      const p = m.payload as { reason?: string; amount?: number; items?: unknown[] };
      if (p.reason) mark('reply:' + m.type + ':' + p.reason);
      if (m.type === 'payment.refunded') mark(p.amount ? 'refund:money' : 'refund:void');
      if (m.type === 'inventory.stock-released')
        mark(p.items?.length ? 'release:stock' : 'release:empty');
      return f;
    };
    const run = await runFulfilment(world, SETTINGS, spy);
    bump('maxPerOrder', 0);
    counts.set(
      'maxPerOrder',
      Math.max(counts.get('maxPerOrder')!, run.events / run.contexts.length),
    );
    for (const c of run.contexts) {
      const st = run.orchestrator.states.get(c.orderId)!;
      bump('status:' + st.status + ':' + st.reason);
      const log = run.orchestrator.logs.get(c.orderId) ?? [];
      for (const e of log) {
        if (e.event === 'DEADLINE_PASSED') mark('deadline:step' + e.step);
        if (e.event === 'COMPENSATION_SENT') mark('comp:step' + e.step + ':' + e.detail);
      }
      if (c.items.some((i) => i.sku === 'sku-unknown')) mark('world:unknown-sku');
    }
    for (const why of run.orchestrator.ignored) mark('ignored:' + why.replace(/\d+/g, 'N'));
    if (adversary.dropsOf('order-1') >= DROPS_PER_SAGA) mark('drops:max-on-order-1');
    mark('orders:' + world.orders.length);
    seen.forEach((k) => runsWith.set(k, (runsWith.get(k) ?? 0) + 1));
  }
  const ms = Date.now() - t0;
  console.log(
    [...counts]
      .sort()
      .map(([k, v]) => `${k} ${v}`)
      .join('\n') +
      '\n---\n' +
      [...runsWith]
        .sort()
        .map(([k, v]) => `${k} ${((100 * v) / RUNS).toFixed(1)}%`)
        .join('\n') +
      `\nevents ${events / RUNS} per run, ${ms} ms`,
  );
});
