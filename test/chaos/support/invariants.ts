import { PlacedOrder } from './order-load';
import { ScenarioFixture } from './scenario-fixture';
import { ServiceDatabases } from './service-databases';

interface OrderRow {
  id: string;
  customer_id: string;
  status: 'PENDING' | 'CONFIRMED' | 'CANCELLED';
  reason: string | null;
  items: string;
  total: number;
  idempotency_key: string | null;
  created_at: string;
  updated_at: string;
}

export interface ScenarioOutcome {
  accepted: number;
  lost: number;
  duplicated: number;
  maxTimeToTerminalMs: number;
  /** Fulfillable orders that were cancelled anyway (e.g. a step deadline passed during a fault). */
  fulfillableCancelled: number;
  violations: string[];
}

const prefixed = (prefix: string) => `${prefix}-%`;

/** Orders of the scenario as order-service stored them. */
export function scenarioOrders(databases: ServiceDatabases, prefix: string): Promise<OrderRow[]> {
  return databases.query<OrderRow>(
    'order',
    `SELECT id, customer_id, status, reason, items, total, idempotency_key, created_at, updated_at
     FROM customer_order WHERE customer_id LIKE ?`,
    prefixed(prefix),
  );
}

/** Orders of the scenario that are still PENDING. */
export async function pendingCount(databases: ServiceDatabases, prefix: string): Promise<number> {
  return (await scenarioOrders(databases, prefix)).filter((row) => row.status === 'PENDING').length;
}

/** Units of the scenario's skus still reserved (confirmations commit them asynchronously). */
export async function reservedUnits(databases: ServiceDatabases, prefix: string): Promise<number> {
  const [row] = await databases.query<{ n: number | string | null }>(
    'inventory',
    'SELECT SUM(reserved) AS n FROM product WHERE sku LIKE ?',
    prefixed(prefix),
  );
  return Number(row?.n ?? 0);
}

/**
 * Everything the scenario must leave true, read from the services' own databases:
 * - nothing lost: every placement got a 202, and every accepted order exists and is terminal;
 * - nothing duplicated: one order per idempotency key, at most one charge and one refund per order;
 * - money conserved: per customer, what left the account is what confirmed orders cost, and each
 *   order's net payment is its total if CONFIRMED, 0 if CANCELLED;
 * - stock conserved: per sku, available + reserved + committed = initial, nothing left reserved,
 *   committed = the units of confirmed orders;
 * - outcomes the money dictates: an order the customer could not pay for is CANCELLED;
 * - no saga left behind: every order's fulfilment saga ended (COMPLETED or COMPENSATED), none is
 *   still running, compensating (stuck or not) or FAILED.
 */
export async function checkScenario(
  databases: ServiceDatabases,
  fixture: ScenarioFixture,
  placed: PlacedOrder[],
): Promise<ScenarioOutcome> {
  const violations: string[] = [];
  const rows = await scenarioOrders(databases, fixture.prefix);
  const byId = new Map(rows.map((row) => [row.id, row]));

  const unplaced = placed.filter((p) => !p.orderId);
  for (const p of unplaced.slice(0, 5)) violations.push(`${p.plan.key} never accepted: ${p.error}`);
  const missing = placed.filter((p) => p.orderId && !byId.has(p.orderId));
  const pending = rows.filter((row) => row.status === 'PENDING');
  for (const p of missing.slice(0, 5)) violations.push(`${p.orderId} accepted but not stored`);
  for (const row of pending.slice(0, 5)) violations.push(`${row.id} still PENDING`);

  const keys = new Map<string, number>();
  for (const row of rows)
    keys.set(row.idempotency_key ?? row.id, (keys.get(row.idempotency_key ?? row.id) ?? 0) + 1);
  const planned = new Set(placed.map((p) => p.plan.key));
  let duplicated = [...keys].filter(([key, n]) => n > 1 || !planned.has(key)).length;

  const payments = await databases.query<{
    order_id: string;
    customer_id: string;
    type: string;
    amount: number;
  }>(
    'payment',
    'SELECT order_id, customer_id, type, amount FROM payment WHERE customer_id LIKE ?',
    prefixed(fixture.prefix),
  );
  const ledger = new Map<string, { charges: number; refunds: number; net: number }>();
  for (const p of payments) {
    const entry = ledger.get(p.order_id) ?? { charges: 0, refunds: 0, net: 0 };
    if (p.type === 'CHARGE') entry.charges++;
    else entry.refunds++;
    entry.net += p.type === 'CHARGE' ? Number(p.amount) : -Number(p.amount);
    ledger.set(p.order_id, entry);
  }
  for (const [orderId, entry] of ledger) {
    if (entry.charges > 1 || entry.refunds > 1) {
      duplicated++;
      violations.push(`${orderId}: ${entry.charges} charges, ${entry.refunds} refunds`);
    }
  }
  for (const row of rows.filter((r) => r.status !== 'PENDING')) {
    const net = ledger.get(row.id)?.net ?? 0;
    const expected = row.status === 'CONFIRMED' ? Number(row.total) : 0;
    if (net !== expected)
      violations.push(`${row.id} ${row.status}: net payment ${net}, expected ${expected}`);
  }

  const accounts = await databases.query<{ customer_id: string; balance: number }>(
    'payment',
    'SELECT customer_id, balance FROM account WHERE customer_id LIKE ?',
    prefixed(fixture.prefix),
  );
  for (const { customer_id: customer, balance } of accounts) {
    const paid = fixture.balances[customer] - Number(balance);
    const net = payments
      .filter((p) => p.customer_id === customer)
      .reduce((n, p) => n + (p.type === 'CHARGE' ? Number(p.amount) : -Number(p.amount)), 0);
    if (paid !== net) violations.push(`${customer}: balance fell by ${paid}, ledger says ${net}`);
  }

  const products = await databases.query<{
    sku: string;
    available: number;
    reserved: number;
    committed: number;
  }>(
    'inventory',
    'SELECT sku, available, reserved, committed FROM product WHERE sku LIKE ?',
    prefixed(fixture.prefix),
  );
  for (const product of products) {
    const { sku } = product;
    const [available, reserved, committed] = [
      Number(product.available),
      Number(product.reserved),
      Number(product.committed),
    ];
    const confirmedUnits = rows
      .filter((row) => row.status === 'CONFIRMED')
      .flatMap((row) => JSON.parse(row.items) as Array<{ sku: string; quantity: number }>)
      .filter((line) => line.sku === sku)
      .reduce((n, line) => n + line.quantity, 0);
    const total = available + reserved + committed;
    if (total !== fixture.stock[sku] || reserved !== 0 || committed !== confirmedUnits) {
      violations.push(
        `${sku}: available ${available} + reserved ${reserved} + committed ${committed} (confirmed units ${confirmedUnits}), initial ${fixture.stock[sku]}`,
      );
    }
  }

  const kindOf = new Map(placed.map((p) => [p.orderId, p.plan.kind]));
  let fulfillableCancelled = 0;
  for (const row of rows) {
    const kind = kindOf.get(row.id);
    if (kind === 'insufficient-funds' && row.status === 'CONFIRMED') {
      violations.push(`${row.id}: confirmed although its customer could not pay`);
    }
    if (kind === 'fulfillable' && row.status === 'CANCELLED') fulfillableCancelled++;
  }

  const sagas = await databases.query<{ id: string; status: string }>(
    'order',
    'SELECT s.id AS id, s.status AS status FROM saga_instance s JOIN customer_order o ' +
      'ON o.id = s.id WHERE o.customer_id LIKE ?',
    prefixed(fixture.prefix),
  );
  if (sagas.length !== rows.length)
    violations.push(`${rows.length} orders but ${sagas.length} fulfilment sagas`);
  const unfinished = sagas.filter((s) => s.status !== 'COMPLETED' && s.status !== 'COMPENSATED');
  for (const saga of unfinished.slice(0, 5))
    violations.push(`saga ${saga.id} still ${saga.status}`);
  if (unfinished.length > 5) violations.push(`${unfinished.length} sagas unfinished in all`);

  const terminal = rows.filter((row) => row.status !== 'PENDING');
  const maxTimeToTerminalMs = Math.max(
    0,
    ...terminal.map((row) => Date.parse(row.updated_at) - Date.parse(row.created_at)),
  );
  return {
    accepted: placed.length - unplaced.length,
    lost: unplaced.length + missing.length + pending.length,
    duplicated,
    maxTimeToTerminalMs,
    fulfillableCancelled,
    violations,
  };
}
