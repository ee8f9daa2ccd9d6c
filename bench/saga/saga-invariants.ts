import {
  GetAccount,
  GetProduct,
  ListOrderPayments,
  OrderLine,
  ProductView,
} from '@railyard/contracts';
import { BusClient } from '../../test/support/bus-client';
import { inParallel } from '../support/in-parallel';
import { OrderRow } from './order-book';
import { PhaseOutcome } from './saga-phase';

const SETTLE_WITHIN_MS = 60_000;

export interface InvariantReport {
  violations: string[];
  checked: string;
}

/**
 * After the load: nothing lost (every placed order exists and is terminal, with the outcome its
 * customer's money dictates), nothing charged twice (per order on a sample of ledgers; money and
 * stock conserved per customer and per sku over all orders). Read through the services' APIs.
 */
export async function checkInvariants(
  bus: BusClient,
  phases: PhaseOutcome[],
  ledgerSample: number,
): Promise<InvariantReport> {
  const violations: string[] = [];
  for (const phase of phases) {
    violations.push(...outcomes(phase));
    violations.push(...(await money(bus, phase)));
    violations.push(...(await stock(bus, phase)));
  }
  const rows = phases.flatMap((phase) => phase.rows);
  const sample = sampleOf(rows, ledgerSample);
  violations.push(...(await ledgers(bus, sample)));
  const confirmed = rows.filter((row) => row.status === 'CONFIRMED').length;
  return {
    violations,
    checked: `${rows.length} orders (${confirmed} confirmed), ${phases.length} phases: outcomes, money and stock per customer/sku; ledgers of ${sample.length}`,
  };
}

function outcomes({ plan, orderIds, rows }: PhaseOutcome): string[] {
  const problems: string[] = [];
  const known = new Set(rows.map((row) => row.id));
  const lost = orderIds.filter((id) => !known.has(id));
  if (lost.length > 0)
    problems.push(`${plan.prefix}: ${lost.length} placed orders missing, e.g. ${lost[0]}`);
  for (const row of rows) {
    const poor = row.customerId.startsWith(`${plan.prefix}poor-`);
    const expected = poor ? 'CANCELLED (insufficient funds)' : 'CONFIRMED';
    const actual = row.status === 'CANCELLED' ? `CANCELLED (${row.reason})` : row.status;
    if (actual !== expected) problems.push(`${row.id}: ${actual}, expected ${expected}`);
  }
  return problems;
}

async function money(bus: BusClient, { plan, rows }: PhaseOutcome): Promise<string[]> {
  const problems = await inParallel(
    Object.entries(plan.balances),
    8,
    async ([customerId, initial]) => {
      const { balance } = await bus.requestEventually(GetAccount, {
        customerId,
      });
      const charged = rows
        .filter((row) => row.customerId === customerId && row.status === 'CONFIRMED')
        .reduce((sum, row) => sum + row.total, 0);
      return initial - balance === charged
        ? undefined
        : `${customerId}: paid ${initial - balance}, confirmed orders total ${charged}`;
    },
  );
  return problems.filter((p): p is string => p !== undefined);
}

async function stock(bus: BusClient, { plan, rows }: PhaseOutcome): Promise<string[]> {
  const problems = await inParallel(Object.entries(plan.stock), 8, async ([sku, initial]) => {
    const view = await settled(bus, sku);
    const committed = rows
      .filter((row) => row.status === 'CONFIRMED')
      .flatMap((row) => JSON.parse(row.items) as OrderLine[])
      .filter((line) => line.sku === sku)
      .reduce((sum, line) => sum + line.quantity, 0);
    if (view.reserved !== 0)
      return `${sku}: ${view.reserved} still reserved after ${SETTLE_WITHIN_MS} ms`;
    return initial - view.available === committed
      ? undefined
      : `${sku}: ${initial - view.available} gone, ${committed} sold`;
  });
  return problems.filter((p): p is string => p !== undefined);
}

/** CommitStock follows the confirmation asynchronously: wait (bounded) for reservations to drain. */
async function settled(bus: BusClient, sku: string): Promise<ProductView> {
  const deadline = Date.now() + SETTLE_WITHIN_MS;
  for (;;) {
    const view = await bus.requestEventually(GetProduct, { sku });
    if (view.reserved === 0 || Date.now() > deadline) return view;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function ledgers(bus: BusClient, rows: OrderRow[]): Promise<string[]> {
  const problems = await inParallel(rows, 16, async (row) => {
    const entries = await bus.requestEventually(ListOrderPayments, {
      orderId: row.id,
    });
    const charges = entries.filter((entry) => entry.type === 'CHARGE');
    const net = entries.reduce(
      (sum, entry) => sum + (entry.type === 'CHARGE' ? entry.amount : -entry.amount),
      0,
    );
    if (charges.length > 1) return `${row.id}: charged ${charges.length} times`;
    const expected = row.status === 'CONFIRMED' ? row.total : 0;
    return net === expected
      ? undefined
      : `${row.id} (${row.status}): net ${net}, expected ${expected}`;
  });
  return problems.filter((p): p is string => p !== undefined);
}

/** Every k-th row: spread over phases, customers and time, and the same on every run. */
function sampleOf<T>(rows: T[], size: number): T[] {
  if (rows.length <= size) return rows;
  const step = rows.length / size;
  return Array.from({ length: size }, (_, i) => rows[Math.floor(i * step)]);
}
