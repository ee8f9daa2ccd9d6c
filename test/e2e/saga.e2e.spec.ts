import { randomUUID } from 'node:crypto';
import {
  CreateOrder,
  CreateOrderResult,
  GetAccount,
  GetOrder,
  GetProduct,
  ListOrderPayments,
  OrderView,
  ProductView,
  sagaAdminContracts,
  SetAccount,
  SetProduct,
} from '@railyard/contracts';
import { BusClient } from '../support/bus-client';
import { TestSystem, TransportName } from '../support/system';

jest.setTimeout(180_000);

const TRANSPORTS: TransportName[] = ['tcp', 'rabbitmq', 'kafka'];
const TERMINAL_WITHIN_MS = 60_000;

/**
 * The order fulfilment saga end to end: the four apps as processes on each real transport.
 * Invariants are checked from the services' own APIs after every scenario.
 */
describe.each(TRANSPORTS)('order fulfilment on %s', (transport) => {
  let system: TestSystem;
  let bus: BusClient;
  const run = randomUUID().slice(0, 6);
  const confirmTimes: number[] = [];

  beforeAll(async () => {
    system = await TestSystem.create(transport, { LOG_LEVEL: 'warn' });
    await system.startAll();
    bus = await BusClient.connect(system.env);
  });
  afterAll(async () => {
    await bus?.close();
    await system?.stopAll();
    if (confirmTimes.length > 0) {
      const sorted = [...confirmTimes].sort((a, b) => a - b);
      console.log(
        `[${transport}] POST→CONFIRMED median ${sorted[Math.floor(sorted.length / 2)]} ms over ${sorted.length} orders`,
      );
    }
  });

  const sku = (name: string) => `${name}-${run}`;
  const customer = (name: string) => `${name}-${run}`;

  const stock = (s: string, available: number) =>
    bus.requestEventually(SetProduct, {
      sku: s,
      available,
    });
  const fund = (c: string, balance: number) =>
    bus.requestEventually(SetAccount, {
      customerId: c,
      balance,
    });
  const place = (
    customerId: string,
    items: Array<{ sku: string; quantity: number; unitPrice: number }>,
  ) => bus.request(CreateOrder, { customerId, items });

  const terminal = async (orderId: string): Promise<OrderView> => {
    const deadline = Date.now() + TERMINAL_WITHIN_MS;
    for (;;) {
      const order = await bus.requestEventually(GetOrder, {
        orderId,
      });
      if (order.status !== 'PENDING') return order;
      if (Date.now() > deadline)
        throw new Error(`order ${orderId} still PENDING after ${TERMINAL_WITHIN_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  /** Confirmation and CommitStock are asynchronous: wait (bounded) for reservations to drain. */
  const settledProduct = async (s: string): Promise<ProductView> => {
    const deadline = Date.now() + TERMINAL_WITHIN_MS;
    for (;;) {
      const view = await product(s);
      if (view.reserved === 0 || Date.now() > deadline) return view;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const payments = (orderId: string) => bus.requestEventually(ListOrderPayments, { orderId });
  const product = (s: string) => bus.requestEventually(GetProduct, { sku: s });
  const account = (c: string) => bus.requestEventually(GetAccount, { customerId: c });

  /** Stock and money conserved; nobody charged twice; outcomes match money and goods. */
  async function expectInvariants(
    orders: OrderView[],
    initialStock: Record<string, number>,
    initialBalance: Record<string, number>,
  ) {
    for (const order of orders) expect(['CONFIRMED', 'CANCELLED']).toContain(order.status);
    const ledger = new Map(
      await Promise.all(orders.map(async (o) => [o.id, await payments(o.id)] as const)),
    );
    for (const order of orders) {
      const entries = ledger.get(order.id)!;
      const charged = entries.filter((p) => p.type === 'CHARGE');
      const refunded = entries.filter((p) => p.type === 'REFUND');
      expect(charged.length).toBeLessThanOrEqual(1);
      const net =
        charged.reduce((n, p) => n + p.amount, 0) - refunded.reduce((n, p) => n + p.amount, 0);
      expect({ order: order.id, net }).toEqual({
        order: order.id,
        net: order.status === 'CONFIRMED' ? order.total : 0,
      });
    }
    for (const [s, initial] of Object.entries(initialStock)) {
      const { available, reserved } = await settledProduct(s);
      const committed = orders
        .filter((o) => o.status === 'CONFIRMED')
        .flatMap((o) => o.items)
        .filter((line) => line.sku === s)
        .reduce((n, line) => n + line.quantity, 0);
      expect({ sku: s, total: available + reserved + committed, reserved }).toEqual({
        sku: s,
        total: initial,
        reserved: 0,
      });
    }
    for (const [c, initial] of Object.entries(initialBalance)) {
      const { balance } = await account(c);
      const net = orders
        .filter((o) => o.customerId === c)
        .flatMap((o) => ledger.get(o.id)!)
        .reduce((n, p) => n + (p.type === 'CHARGE' ? p.amount : -p.amount), 0);
      expect({ customer: c, total: balance + net }).toEqual({ customer: c, total: initial });
    }
  }

  it(`[${transport}] happy path: CONFIRMED, stock committed, payment charged`, async () => {
    const [s, c] = [sku('happy'), customer('happy')];
    await stock(s, 10);
    await fund(c, 10_000);
    const started = Date.now();
    const { orderId, status } = await place(c, [{ sku: s, quantity: 3, unitPrice: 250 }]);
    expect(status).toBe('PENDING');
    const order = await terminal(orderId);
    confirmTimes.push(Date.now() - started);
    expect(order).toMatchObject({ status: 'CONFIRMED', total: 750 });
    expect(await settledProduct(s)).toEqual({ sku: s, available: 7, reserved: 0 });
    expect(await account(c)).toEqual({ customerId: c, balance: 9_250 });
    expect((await payments(orderId)).map((p) => [p.type, p.amount])).toEqual([['CHARGE', 750]]);

    // A few more, one at a time, for the POST→CONFIRMED median printed at the end.
    for (let i = 0; i < 6; i++) {
      const began = Date.now();
      const next = await place(c, [{ sku: s, quantity: 1, unitPrice: 1 }]);
      expect(await terminal(next.orderId)).toMatchObject({ status: 'CONFIRMED' });
      confirmTimes.push(Date.now() - began);
    }
  });

  it(`[${transport}] order-service answers the saga admin requests: its saga shown and listed, a retry refused once it ended`, async () => {
    const [s, c] = [sku('admin'), customer('admin')];
    await stock(s, 1);
    await fund(c, 100);
    const { orderId } = await place(c, [{ sku: s, quantity: 1, unitPrice: 10 }]);
    expect(await terminal(orderId)).toMatchObject({ status: 'CONFIRMED' });
    const admin = sagaAdminContracts('order');
    const { saga } = await bus.request(admin.show, { id: orderId });
    expect(saga).toMatchObject({ id: orderId, type: 'order-fulfilment', status: 'COMPLETED' });
    const events = saga!.timeline.map((entry) => entry.event);
    expect([events[0], events.at(-1)]).toEqual(['STARTED', 'COMPLETED']);
    const page = await bus.request(admin.list, { statuses: ['COMPLETED'], limit: 500 });
    expect(page.entries.map((entry) => entry.id)).toContain(orderId);
    await expect(bus.request(admin.retry, { id: orderId, by: 'e2e' })).rejects.toMatchObject({
      remoteCode: 'SAGA_STATE_CONFLICT',
    });
  });

  it(`[${transport}] out of stock: CANCELLED with inventory's reason, nothing charged`, async () => {
    const [s, c] = [sku('scarce'), customer('scarce')];
    await stock(s, 1);
    await fund(c, 10_000);
    const { orderId } = await place(c, [{ sku: s, quantity: 2, unitPrice: 100 }]);
    expect(await terminal(orderId)).toMatchObject({
      status: 'CANCELLED',
      reason: 'insufficient stock',
    });
    expect(await payments(orderId)).toEqual([]);
    expect(await product(s)).toEqual({ sku: s, available: 1, reserved: 0 });
  });

  it(`[${transport}] insufficient funds: stock released, CANCELLED with payment's reason`, async () => {
    const [s, c] = [sku('poor'), customer('poor')];
    await stock(s, 5);
    await fund(c, 99);
    const { orderId } = await place(c, [{ sku: s, quantity: 1, unitPrice: 100 }]);
    expect(await terminal(orderId)).toMatchObject({
      status: 'CANCELLED',
      reason: 'insufficient funds',
    });
    expect(await product(s)).toEqual({ sku: s, available: 5, reserved: 0 });
    expect(await account(c)).toEqual({ customerId: c, balance: 99 });
  });

  it(`[${transport}] a multi-item order with one item short reserves nothing`, async () => {
    const [a, b, c] = [sku('plenty'), sku('short'), customer('multi')];
    await stock(a, 10);
    await stock(b, 1);
    await fund(c, 10_000);
    const { orderId } = await place(c, [
      { sku: a, quantity: 2, unitPrice: 10 },
      { sku: b, quantity: 2, unitPrice: 10 },
    ]);
    expect(await terminal(orderId)).toMatchObject({
      status: 'CANCELLED',
      reason: 'insufficient stock',
    });
    expect(await product(a)).toEqual({ sku: a, available: 10, reserved: 0 });
    expect(await product(b)).toEqual({ sku: b, available: 1, reserved: 0 });
  });

  it(`[${transport}] 50 concurrent orders racing for 10 units: exactly 10 CONFIRMED`, async () => {
    const [s, c] = [sku('race'), customer('race')];
    await stock(s, 10);
    await fund(c, 1_000_000);
    const placed = await Promise.all(
      Array.from({ length: 50 }, () => place(c, [{ sku: s, quantity: 1, unitPrice: 5 }])),
    );
    const orders = await Promise.all(placed.map((p) => terminal(p.orderId)));
    expect(orders.filter((o) => o.status === 'CONFIRMED')).toHaveLength(10);
    expect(
      orders
        .filter((o) => o.status === 'CANCELLED')
        .every((o) => o.reason === 'insufficient stock'),
    ).toBe(true);
    await expectInvariants(orders, { [s]: 10 }, { [c]: 1_000_000 });
  });

  it(`[${transport}] payment-service killed mid-flow and restarted: every order terminal, invariants hold`, async () => {
    const skus = [sku('kill-a'), sku('kill-b')];
    const customers = [customer('kill-rich'), customer('kill-poor')];
    const initialStock = { [skus[0]]: 12, [skus[1]]: 6 };
    const initialBalance = { [customers[0]]: 100_000, [customers[1]]: 150 };
    for (const [s, n] of Object.entries(initialStock)) await stock(s, n);
    for (const [c, n] of Object.entries(initialBalance)) await fund(c, n);

    const placing: Array<Promise<CreateOrderResult>> = [];
    for (let i = 0; i < 30; i++) {
      placing.push(
        place(customers[i % 2], [
          { sku: skus[i % 3 === 0 ? 1 : 0], quantity: 1 + (i % 2), unitPrice: 40 },
        ]),
      );
      if (i === 10) system.processes.get('payment-service')!.signal('SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    const placed = await Promise.all(placing);
    await system.processes.get('payment-service')!.exited(10_000);
    system.start('payment-service');
    await system.waitReady('payment-service');

    const orders = await Promise.all(placed.map((p) => terminal(p.orderId)));
    expect(orders.some((o) => o.status === 'CONFIRMED')).toBe(true);
    await expectInvariants(orders, initialStock, initialBalance);
  });
});
