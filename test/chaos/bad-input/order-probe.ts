import { CreateOrder, GetOrder, SetAccount, SetProduct } from '@railyard/contracts';
import { BusClient } from '../../support/bus-client';

export interface ProbeResult {
  orderId: string;
  status: string;
  /** From the order's acceptance to its terminal status (or to giving up). */
  ms: number;
}

/**
 * A normal order through the bus, after the abuse: stocked, funded, placed, then polled until it
 * leaves PENDING or `withinMs` passes. CONFIRMED proves every consumer on the path still works.
 */
export async function placeNormalOrder(
  bus: BusClient,
  name: string,
  withinMs = 30_000,
): Promise<ProbeResult> {
  const sku = `sku-${name}`;
  const customerId = `customer-${name}`;
  await bus.requestEventually(SetProduct, {
    sku,
    available: 5,
  });
  await bus.requestEventually(SetAccount, {
    customerId,
    balance: 10_000,
  });
  const { orderId } = await bus.request(CreateOrder, {
    customerId,
    items: [{ sku, quantity: 1, unitPrice: 100 }],
  });
  const started = Date.now();
  for (;;) {
    const order = await bus.requestEventually(GetOrder, {
      orderId,
    });
    if (order.status !== 'PENDING' || Date.now() - started > withinMs) {
      return { orderId, status: order.status, ms: Date.now() - started };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
