import { BusClient } from '../../test/support/bus-client';
import { percentile } from '../stats/percentile';
import { OrderBook, OrderRow } from './order-book';
import { placeAll, placeAtRate, seed } from './saga-load';
import { SagaPlan } from './saga-plan';

const POLL_MS = 100;
/** A saga step waits 30 s (SAGA_STEP_DEADLINE_MS) before it compensates: wait longer than that. */
const TERMINAL_WITHIN_MS = 120_000;

export type Pace = { kind: 'max'; concurrency: number } | { kind: 'rate'; perSecond: number };

export interface PhaseOutcome {
  plan: SagaPlan;
  orderIds: string[];
  rows: OrderRow[];
  /** Orders ÷ (last terminal − first created), from order-service's own timestamps. */
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  pending: number;
}

/** Seeds, places the plan's orders at `pace`, waits until every one is terminal (bounded). */
export async function runPhase(
  bus: BusClient,
  book: OrderBook,
  plan: SagaPlan,
  pace: Pace,
): Promise<PhaseOutcome> {
  await seed(bus, plan);
  const orderIds =
    pace.kind === 'max'
      ? await placeAll(bus, plan, pace.concurrency)
      : await placeAtRate(bus, plan, pace.perSecond);
  const deadline = Date.now() + TERMINAL_WITHIN_MS;
  while (book.terminalCount(plan.prefix) < orderIds.length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const rows = book.orders(plan.prefix);
  const terminal = rows.filter((row) => row.status !== 'PENDING');
  const created = Math.min(...rows.map((row) => Date.parse(row.createdAt)));
  const ended = Math.max(...terminal.map((row) => Date.parse(row.updatedAt)));
  const durations = terminal.map((row) => Date.parse(row.updatedAt) - Date.parse(row.createdAt));
  return {
    plan,
    orderIds,
    rows,
    perSecond: terminal.length / (Math.max(1, ended - created) / 1_000),
    p50Ms: percentile(durations, 50),
    p99Ms: percentile(durations, 99),
    pending: orderIds.length - terminal.length,
  };
}
