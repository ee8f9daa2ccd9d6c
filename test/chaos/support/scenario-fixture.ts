import { setTimeout as sleep } from 'node:timers/promises';
import { authHeaders } from '../../support/gateway-tokens';
import { OrderKind, PlannedOrder } from './order-load';

/** Stock, accounts and orders of one scenario; every id starts with the scenario's prefix. */
export interface ScenarioFixture {
  prefix: string;
  /** Initial units per sku. */
  stock: Record<string, number>;
  /** Initial balance per customer, minor units. */
  balances: Record<string, number>;
  orders: PlannedOrder[];
}

const RICH_CUSTOMERS = 4;
const MIN_PRICE_MINOR = 100;
const RICH_BALANCE_MINOR = 100_000_000_00;
/** Below the cheapest possible order (1 unit at 1.00): such a customer can pay for nothing. */
const POOR_BALANCE_MINOR = MIN_PRICE_MINOR - 1;
const PLENTY = 1_000_000;

/**
 * A seeded mix: 70% fulfillable (a funded customer, a well-stocked sku), 15% on a scarce sku whose
 * stock covers about half of what they ask (some confirm, the rest cancel: out of stock), 15% by a
 * customer who cannot pay (cancelled: insufficient funds, stock released).
 */
export function planScenario(prefix: string, count: number, random: () => number): ScenarioFixture {
  const plenty = `${prefix}-plenty`;
  const scarce = `${prefix}-scarce`;
  const poor = `${prefix}-poor`;
  const rich = Array.from({ length: RICH_CUSTOMERS }, (_, i) => `${prefix}-rich-${i}`);
  const pick = <T>(values: T[]) => values[Math.floor(random() * values.length)];
  const orders: PlannedOrder[] = [];
  let scarceAsked = 0;
  for (let i = 0; i < count; i++) {
    const roll = random();
    const kind: OrderKind =
      roll < 0.7 ? 'fulfillable' : roll < 0.85 ? 'maybe-out-of-stock' : 'insufficient-funds';
    const quantity = 1 + Math.floor(random() * 3);
    const priceMinor = MIN_PRICE_MINOR + Math.floor(random() * 4_900);
    const sku = kind === 'maybe-out-of-stock' ? scarce : plenty;
    if (sku === scarce) scarceAsked += quantity;
    orders.push({
      key: `${prefix}-${i}`,
      kind,
      customerId: kind === 'insufficient-funds' ? poor : pick(rich),
      items: [{ sku, quantity, unitPrice: priceMinor / 100 }],
      totalMinor: quantity * priceMinor,
    });
  }
  const balances: Record<string, number> = { [poor]: POOR_BALANCE_MINOR };
  for (const customer of rich) balances[customer] = RICH_BALANCE_MINOR;
  return {
    prefix,
    stock: { [plenty]: PLENTY, [scarce]: Math.ceil(scarceAsked / 2) },
    balances,
    orders,
  };
}

/**
 * Creates the stock and accounts through the gateway, retrying while it is not ready. Both
 * routes are an admin's: with an admin token.
 */
export async function seedFixture(gatewayUrl: string, fixture: ScenarioFixture): Promise<void> {
  for (const [sku, available] of Object.entries(fixture.stock)) {
    await postUntilOk(`${gatewayUrl}/inventory/products`, { sku, available });
  }
  for (const [customerId, minor] of Object.entries(fixture.balances)) {
    await postUntilOk(`${gatewayUrl}/payments/accounts`, { customerId, balance: minor / 100 });
  }
}

async function postUntilOk(url: string, body: unknown, withinMs = 60_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    let last: string;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...authHeaders() },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(5_000),
      });
      if (response.ok) return;
      last = `HTTP ${response.status} ${await response.text()}`;
      if (response.status < 500 && response.status !== 429) throw new Error(`${url}: ${last}`);
    } catch (error) {
      last = (error as Error).message;
      if (last.startsWith(url)) throw error;
    }
    if (Date.now() > deadline)
      throw new Error(`${url} not accepted within ${withinMs} ms: ${last}`);
    await sleep(250);
  }
}
