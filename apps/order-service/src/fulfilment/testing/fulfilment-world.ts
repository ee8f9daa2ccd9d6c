import { contractTypes, MinorUnits, OrderLine } from '@railyard/contracts';
import { SagaSettings } from '@railyard/saga';
import { FulfilmentContext, OrderFulfilmentSaga } from '../order-fulfilment.saga';
import { FakeInventory } from './fake-inventory';
import { FakePayment } from './fake-payment';
import { InMemoryOrders, InMemoryOutbox, OrderRecord } from './in-memory-ports';
import { SimulatedOrchestrator } from './simulated-orchestrator';
import { Adversary, BusMessage, SimulatedNetwork } from './simulated-network';

export interface WorldOrder {
  customerId: string;
  items: OrderLine[];
  /** When the order is placed, from the start of the run. */
  startAtMs: number;
}

/** Initial stock per sku, balances per customer, and the orders placed. */
export interface FulfilmentWorld {
  stock: Record<string, number>;
  accounts: Record<string, MinorUnits>;
  orders: WorldOrder[];
}

export interface FulfilmentRun {
  orchestrator: SimulatedOrchestrator<FulfilmentContext>;
  inventory: FakeInventory;
  payment: FakePayment;
  orders: Map<string, OrderRecord>;
  contexts: FulfilmentContext[];
  /** Deliveries, timers and starts that ran. */
  events: number;
}

export const EPOCH_MS = Date.UTC(2025, 0, 1);
/** The id of the i-th order, which is also its saga's id. */
export const orderIdAt = (i: number) => `order-${i + 1}`;
const INVENTORY = new Set(contractTypes({ service: 'inventory', kind: 'command', oneWay: true }));
const PAYMENT = new Set(contractTypes({ service: 'payment', kind: 'command', oneWay: true }));

/**
 * Places every order (one saga each, the saga id is the order id) and runs the bus until nothing
 * is left to deliver and no timer is armed.
 */
export async function runFulfilment(
  world: FulfilmentWorld,
  settings: SagaSettings,
  adversary: Adversary,
  maxEventsPerOrder = 200,
): Promise<FulfilmentRun> {
  const inventory = new FakeInventory(world.stock);
  const payment = new FakePayment(world.accounts);
  const orders = new InMemoryOrders();
  const network = new SimulatedNetwork(EPOCH_MS, adversary, route);
  const saga = new OrderFulfilmentSaga(
    orders,
    new InMemoryOutbox((message) => network.send(message)),
  );
  const orchestrator = new SimulatedOrchestrator(saga, settings, network);

  function route(message: BusMessage): void | Promise<void> {
    if (INVENTORY.has(message.type)) return network.send(inventory.handle(message));
    if (PAYMENT.has(message.type)) return network.send(payment.handle(message));
    return orchestrator.receive(message);
  }

  const contexts = world.orders.map(({ customerId, items }, i): FulfilmentContext => ({
    orderId: orderIdAt(i),
    customerId,
    items,
    total: items.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0),
  }));
  contexts.forEach((context, i) => {
    orders.place(context.orderId);
    network.at(EPOCH_MS + world.orders[i].startAtMs, () =>
      orchestrator.start(context.orderId, context),
    );
  });
  const events = await network.runUntilQuiet(maxEventsPerOrder * contexts.length);
  return { orchestrator, inventory, payment, orders: orders.records, contexts, events };
}
