import { setTimeout as sleep } from 'node:timers/promises';
import { authHeaders } from '../../support/gateway-tokens';

export type OrderKind = 'fulfillable' | 'maybe-out-of-stock' | 'insufficient-funds';

export interface PlannedOrder {
  /** Idempotency-Key of every attempt: a retried POST must not make a second order. */
  key: string;
  kind: OrderKind;
  customerId: string;
  items: Array<{ sku: string; quantity: number; unitPrice: number }>;
  /** Total in minor units (cents), as the services store it. */
  totalMinor: number;
}

export interface PlacedOrder {
  plan: PlannedOrder;
  /** The order id of the first 202 (a replay of the key answers the same one). */
  orderId?: string;
  attempts: number;
  /** When the first 202 came back (epoch ms); undefined if none did within the budget. */
  acceptedAt?: number;
  /** Why it never got a 202, or an unexpected client error. */
  error?: string;
}

export interface LoadOptions {
  ordersPerSecond: number;
  /** A placement keeps retrying (same key) for this long, as a patient client would. */
  retryWithinMs: number;
  attemptTimeoutMs?: number;
}

/** Statuses a client retries with the same Idempotency-Key: nothing was decided, or it is unknown. */
const RETRIABLE = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Places the planned orders through the gateway at a steady rate, open loop: order i is sent at
 * i / rate seconds whatever happened to the ones before, so a stalled system meets the same load
 * as a healthy one. Each placement retries retriable answers and network errors with its key.
 * With several gateways, order i goes to gateway i mod n (its retries too), as behind a
 * round-robin load balancer.
 */
export async function placeOrders(
  gatewayUrls: string[],
  plans: PlannedOrder[],
  options: LoadOptions,
): Promise<PlacedOrder[]> {
  if (gatewayUrls.length === 0) throw new Error('placeOrders: no gateway to send orders to');
  const started = Date.now();
  return Promise.all(
    plans.map(async (plan, i) => {
      const due = started + (i * 1000) / options.ordersPerSecond;
      await sleep(Math.max(0, due - Date.now()));
      return placeOne(gatewayUrls[i % gatewayUrls.length], plan, options);
    }),
  );
}

async function placeOne(
  gatewayUrl: string,
  plan: PlannedOrder,
  options: LoadOptions,
): Promise<PlacedOrder> {
  const placed: PlacedOrder = { plan, attempts: 0 };
  const giveUpAt = Date.now() + options.retryWithinMs;
  const body = JSON.stringify({ customerId: plan.customerId, items: plan.items });
  // As a real client: the ordering customer's own token (it may order for itself only).
  const headers = {
    'content-type': 'application/json',
    'idempotency-key': plan.key,
    ...authHeaders(plan.customerId),
  };
  for (let backoff = 100; ; backoff = Math.min(backoff * 2, 1_000)) {
    placed.attempts++;
    let why: string;
    try {
      const response = await fetch(`${gatewayUrl}/orders`, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(options.attemptTimeoutMs ?? 3_000),
      });
      const text = await response.text();
      if (response.status === 202) {
        placed.orderId = (JSON.parse(text) as { orderId: string }).orderId;
        placed.acceptedAt = Date.now();
        return placed;
      }
      why = `HTTP ${response.status}: ${text.slice(0, 200)}`;
      if (!RETRIABLE.has(response.status)) {
        placed.error = `refused: ${why}`;
        return placed;
      }
    } catch (error) {
      why = (error as Error).message;
    }
    if (Date.now() + backoff > giveUpAt) {
      placed.error = `no 202 within ${options.retryWithinMs} ms (${placed.attempts} attempts); last: ${why}`;
      return placed;
    }
    await sleep(backoff);
  }
}
