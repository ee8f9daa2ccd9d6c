import { authHeaders } from '../../test/support/gateway-tokens';
import { PlannedOrder } from '../saga/saga-plan';
import { percentile } from '../stats/percentile';

/** An answer slower than this is recorded as status 0 (no answer): a client would give up too. */
const CLIENT_TIMEOUT_MS = 30_000;

export interface BurstOutcome {
  /** Answers by HTTP status; 0 for a request that got none (reset, timeout). */
  statuses: Record<string, number>;
  /** Order ids of the 202s. */
  accepted: string[];
  /** Milliseconds from sending to a 202, over the 202s. */
  p50Ms: number;
  p99Ms: number;
  /** Up to three answers that were not a 202, for the report. */
  samples: string[];
}

/**
 * Every order of the plan as one `POST /orders` at the same moment, each on its own connection
 * with its own Idempotency-Key and its customer's token: what a burst of clients does. No
 * retries: the point is what the first answer is.
 */
export async function postBurst(gatewayUrl: string, orders: PlannedOrder[]): Promise<BurstOutcome> {
  const answers = await Promise.all(orders.map((order) => postOne(gatewayUrl, order)));
  const statuses: Record<string, number> = {};
  for (const { status } of answers) statuses[status] = (statuses[status] ?? 0) + 1;
  const ok = answers.filter((answer) => answer.status === 202);
  const times = ok.map((answer) => answer.ms);
  return {
    statuses,
    accepted: ok.map((answer) => answer.orderId!),
    p50Ms: Math.round(percentile(times, 50)),
    p99Ms: Math.round(percentile(times, 99)),
    samples: answers
      .filter((answer) => answer.status !== 202)
      .slice(0, 3)
      .map((answer) => `${answer.status} ${answer.text.slice(0, 160)}`),
  };
}

interface Answer {
  status: number;
  ms: number;
  text: string;
  orderId?: string;
}

async function postOne(gatewayUrl: string, order: PlannedOrder): Promise<Answer> {
  const started = performance.now();
  try {
    const response = await fetch(`${gatewayUrl}/orders`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': order.idempotencyKey,
        ...authHeaders(order.customerId),
      },
      body: JSON.stringify({ customerId: order.customerId, items: order.items }),
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    if (response.status !== 202) return { status: response.status, ms, text };
    return { status: 202, ms, text, orderId: (JSON.parse(text) as { orderId: string }).orderId };
  } catch (error) {
    return { status: 0, ms: performance.now() - started, text: (error as Error).message };
  }
}
