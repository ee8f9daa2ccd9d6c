import { TARGETS } from '../config/targets';
import { cpuCostResult } from '../report/cpu-meter';
import { BenchResult } from '../report/bench-result';
import { BenchContext } from '../support/bench-context';
import { OrderBook, OrderRef } from './order-book';
import { checkInvariants } from './saga-invariants';
import { PhaseOutcome, runPhase } from './saga-phase';
import { SagaPlan } from './saga-plan';
import { SagaSystem } from './saga-system';

/** One order in ten comes from a customer without money: payment fails, stock is released. */
const FAIL_EVERY = 10;

/**
 * B3 on a running system: the maximum completion rate (happy path, then with 10% payment
 * failures), the saga duration at half that rate (open loop), then the invariants over all of it.
 * Returns the results and the confirmed orders with their customers (the gateway reads them).
 */
export async function runSagaSuite(
  ctx: BenchContext,
  system: SagaSystem,
): Promise<{ results: BenchResult[]; confirmed: OrderRef[] }> {
  const { saga } = ctx.profile;
  const t = system.transport;
  const book = new OrderBook(system.dataDir);
  try {
    const tag = ctx.runId.slice(-6);
    const max = { kind: 'max', concurrency: saga.concurrency } as const;
    // Warm-up (JIT, SQLite pages, connections); checked with the others, not reported.
    const warm = await runPhase(
      system.bus,
      book,
      new SagaPlan(`${tag}-warm-`, saga.warmUpOrders),
      max,
    );
    const meter = system.cpuMeter();
    const happy = await meter.around(() =>
      runPhase(system.bus, book, new SagaPlan(`${tag}-happy-`, saga.orders), max),
    );
    ctx.log(`saga.${t}: happy ${happy.perSecond.toFixed(0)}/s (${happy.pending} pending)`);
    const failing = await runPhase(
      system.bus,
      book,
      new SagaPlan(`${tag}-fail-`, saga.orders, FAIL_EVERY),
      max,
    );
    ctx.log(
      `saga.${t}: with failures ${failing.perSecond.toFixed(0)}/s (${failing.pending} pending)`,
    );
    /** Open loop at `rate` for `halfRateSeconds`, under a prefix of its own. */
    const atRate = (label: string, rate: number) =>
      runPhase(
        system.bus,
        book,
        new SagaPlan(`${tag}-${label}-`, Math.max(10, Math.round(rate * saga.halfRateSeconds))),
        { kind: 'rate', perSecond: rate },
      );
    const halfRate = Math.max(1, Math.round(happy.perSecond / 2));
    const paced = await atRate('paced', halfRate);
    // The same at a tenth of the maximum: the saga's own path, with little queueing behind it.
    const lowRate = Math.max(1, Math.round(happy.perSecond / 10));
    const light = await atRate('light', lowRate);
    ctx.log(
      `saga.${t}: at ${halfRate}/s p99 ${paced.p99Ms} ms, at ${lowRate}/s ${light.p99Ms} ms; checking invariants`,
    );
    const invariants = await checkInvariants(
      system.bus,
      [warm, happy, failing, paced, light],
      saga.ledgerSample,
    );
    const target = TARGETS.sagaPerSecond[t];
    const rate = (name: string, phase: PhaseOutcome, what: string): BenchResult => ({
      name,
      value: phase.perSecond,
      unit: 'sagas/s',
      baseline: null,
      ratio: null,
      target: { text: `≥ ${target}/s`, met: phase.perSecond >= target },
      detail: `${phase.orderIds.length} orders ${what}, ${saga.concurrency} create requests in flight; first created → last terminal (order-service timestamps)${phase.pending ? `; ${phase.pending} still pending` : ''}`,
    });
    const results: BenchResult[] = [
      rate(`saga.${t}.throughput`, happy, 'all confirmed'),
      rate(
        `saga.${t}.throughput-10pct-payment-failures`,
        failing,
        `1 in ${FAIL_EVERY} cancelled after payment failed`,
      ),
      {
        name: `saga.${t}.duration-p99-at-half-rate`,
        value: paced.p99Ms,
        unit: 'ms',
        baseline: null,
        ratio: null,
        target: {
          text: `≤ ${TARGETS.sagaP99AtHalfRateMs} ms`,
          met: paced.p99Ms <= TARGETS.sagaP99AtHalfRateMs,
        },
        detail: `open loop ${halfRate}/s for ${saga.halfRateSeconds} s (${paced.orderIds.length} orders); p50 ${paced.p50Ms} ms; created → terminal`,
      },
      {
        name: `saga.${t}.duration-p99-at-tenth-rate`,
        value: light.p99Ms,
        unit: 'ms',
        baseline: null,
        ratio: null,
        target: null,
        detail: `open loop ${lowRate}/s for ${saga.halfRateSeconds} s (${light.orderIds.length} orders); p50 ${light.p50Ms} ms; how much of the half-rate figure is queueing`,
      },
      cpuCostResult(`saga.${t}.cpu-per-saga`, 'saga', happy.orderIds.length, meter.totals()),
      {
        name: `saga.${t}.invariants`,
        value: invariants.violations.length,
        unit: 'violations',
        baseline: null,
        ratio: null,
        target: { text: '= 0', met: invariants.violations.length === 0 },
        detail: [invariants.checked, ...invariants.violations.slice(0, 3)].join('; '),
      },
    ];
    const confirmed = happy.rows
      .filter((row) => row.status === 'CONFIRMED')
      .map(({ id, customerId }) => ({ id, customerId }));
    return { results, confirmed };
  } finally {
    book.close();
  }
}
