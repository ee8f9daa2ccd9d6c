import { CreateOrder, CreateOrderResult, SetAccount, SetProduct } from '@railyard/contracts';
import { BusClient } from '../../test/support/bus-client';
import { inParallel } from '../support/in-parallel';
import { PlannedOrder, SagaPlan } from './saga-plan';

const REQUEST_TIMEOUT_MS = 10_000;
const CREATE_ATTEMPTS = 3;
/** Stocks the plan's skus and funds its customers, through the services' own APIs. */
export async function seed(bus: BusClient, plan: SagaPlan): Promise<void> {
  await inParallel(Object.entries(plan.stock), 8, ([sku, available]) =>
    bus.requestEventually(SetProduct, {
      sku,
      available,
    }),
  );
  await inParallel(Object.entries(plan.balances), 8, ([customerId, balance]) =>
    bus.requestEventually(SetAccount, {
      customerId,
      balance,
    }),
  );
}

/**
 * Places one order as the gateway does: with an idempotency key, sent again when no answer came
 * (e.g. a broker restarted by someone else's test dropped the request), never twice in effect.
 */
async function place(bus: BusClient, order: PlannedOrder): Promise<CreateOrderResult> {
  const { customerId, items, idempotencyKey } = order;
  for (let attempt = 1; ; attempt++) {
    try {
      return await bus.request(
        CreateOrder,
        { customerId, items, idempotencyKey },
        REQUEST_TIMEOUT_MS,
      );
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'REMOTE_ERROR' || attempt >= CREATE_ATTEMPTS) throw error;
    }
  }
}

/** As fast as order-service takes them: `concurrency` create requests in flight, as a gateway would. */
export async function placeAll(
  bus: BusClient,
  plan: SagaPlan,
  concurrency: number,
): Promise<string[]> {
  const placed = await inParallel(plan.orders, concurrency, (order) => place(bus, order));
  return placed.map((result) => result.orderId);
}

/** Open loop: order i is sent at start + i/rate whatever the answers do. */
export async function placeAtRate(
  bus: BusClient,
  plan: SagaPlan,
  perSecond: number,
): Promise<string[]> {
  const started = performance.now();
  const placing = plan.orders.map(async (order, i) => {
    const due = started + (i * 1_000) / perSecond;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    return place(bus, order);
  });
  return (await Promise.all(placing)).map((result) => result.orderId);
}
