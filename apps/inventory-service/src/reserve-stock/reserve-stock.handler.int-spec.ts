import {
  ReserveStock,
  StockReleased,
  StockReservationFailed,
  StockReserved,
} from '@railyard/contracts';
import { DATABASE_KINDS } from '../../../../test/support/database';
import { commandEnvelope, InventoryHarness, uniqueId } from '../../test/inventory-harness';

jest.setTimeout(60_000);

describe.each(DATABASE_KINDS)('ReserveStock on %s', (kind) => {
  let inventory: InventoryHarness;

  beforeAll(async () => {
    inventory = await InventoryHarness.start(kind);
  });
  afterAll(() => inventory?.close());

  async function freshSkus(...availables: number[]): Promise<string[]> {
    const skus = availables.map(() => uniqueId('sku'));
    for (const [index, sku] of skus.entries()) await inventory.stock(sku, availables[index]);
    return skus;
  }

  it('reserves every line and answers StockReserved to the sender', async () => {
    const [a, b] = await freshSkus(5, 3);
    const orderId = uniqueId('order');
    const command = commandEnvelope(ReserveStock.type, {
      orderId,
      items: [
        { sku: b, quantity: 3 },
        { sku: a, quantity: 2 },
      ],
    });

    await inventory.reserve(command);

    expect(await inventory.product(a)).toMatchObject({ available: 3, reserved: 2, committed: 0 });
    expect(await inventory.product(b)).toMatchObject({ available: 0, reserved: 3, committed: 0 });
    expect(await inventory.reservation(orderId)).toMatchObject({
      status: 'RESERVED',
      reason: null,
    });
    const [event, ...others] = await inventory.emitted(orderId);
    expect(others).toEqual([]);
    expect(event).toMatchObject({
      type: StockReserved.type,
      aggregateId: orderId,
      causationId: command.messageId,
      correlationId: command.correlationId,
      payload: {
        orderId,
        items: [
          { sku: a, quantity: 2 },
          { sku: b, quantity: 3 },
        ].sort((x, y) => (x.sku < y.sku ? -1 : 1)),
      },
    });
    expect(event.headers).toEqual({ 'reply-saga-id': 'saga-1', 'reply-step': 'stock' });
  });

  it('sums lines of the same sku', async () => {
    const [a] = await freshSkus(5);
    const orderId = uniqueId('order');
    const reply = await inventory.reserveFor(orderId, [
      { sku: a, quantity: 2 },
      { sku: a, quantity: 3 },
    ]);
    expect(reply?.payload).toEqual({ orderId, items: [{ sku: a, quantity: 5 }] });
    expect(await inventory.product(a)).toMatchObject({ available: 0, reserved: 5 });
  });

  it('is all or nothing: one short line fails the order and moves no stock', async () => {
    const [a, b] = await freshSkus(5, 1);
    const orderId = uniqueId('order');
    const reply = await inventory.reserveFor(orderId, [
      { sku: a, quantity: 2 },
      { sku: b, quantity: 2 },
    ]);
    expect(reply).toEqual({
      contract: StockReservationFailed,
      payload: { orderId, reason: 'insufficient stock', skus: [b] },
    });
    expect(await inventory.product(a)).toMatchObject({ available: 5, reserved: 0 });
    expect(await inventory.product(b)).toMatchObject({ available: 1, reserved: 0 });
    expect(await inventory.reservation(orderId)).toMatchObject({
      status: 'FAILED',
      reason: 'insufficient stock',
    });
    const [event] = await inventory.emitted(orderId);
    expect(event).toMatchObject({
      type: StockReservationFailed.type,
      aggregateId: orderId,
    });
    expect(event.headers).toEqual({ 'reply-saga-id': 'saga-1', 'reply-step': 'stock' });
  });

  it('summed lines of one sku can exceed the stock each line alone fits in', async () => {
    const [a] = await freshSkus(5);
    const reply = await inventory.reserveFor(uniqueId('order'), [
      { sku: a, quantity: 3 },
      { sku: a, quantity: 3 },
    ]);
    expect(reply?.payload).toMatchObject({ reason: 'insufficient stock', skus: [a] });
    expect(await inventory.product(a)).toMatchObject({ available: 5, reserved: 0 });
  });

  it('fails with unknown sku listing the skus it does not know', async () => {
    const [a] = await freshSkus(5);
    const [x, y] = [uniqueId('nope'), uniqueId('nope')].sort();
    const orderId = uniqueId('order');
    const reply = await inventory.reserveFor(orderId, [
      { sku: a, quantity: 1 },
      { sku: y, quantity: 1 },
      { sku: x, quantity: 1 },
    ]);
    expect(reply?.payload).toEqual({ orderId, reason: 'unknown sku', skus: [x, y] });
    expect(await inventory.product(a)).toMatchObject({ available: 5, reserved: 0 });
  });

  it.each([
    ['a zero quantity', { items: [{ sku: 'A', quantity: 0 }] }],
    ['a negative quantity', { items: [{ sku: 'A', quantity: -2 }] }],
    ['a fractional quantity', { items: [{ sku: 'A', quantity: 1.5 }] }],
    ['no items', { items: [] }],
  ])('refuses %s with INVALID_MESSAGE and records nothing', async (_name, body) => {
    const orderId = uniqueId('order');
    const command = commandEnvelope(ReserveStock.type, { orderId, ...body });
    await expect(inventory.reserve(command)).rejects.toMatchObject({
      code: 'INVALID_MESSAGE',
      retryable: false,
    });
    expect(await inventory.reservation(orderId)).toBeNull();
    expect(await inventory.emitted(orderId)).toEqual([]);
    expect(await inventory.inboxCount(command.messageId)).toBe(0);
  });

  it('a redelivered envelope has its effect once and is answered once', async () => {
    const [a] = await freshSkus(5);
    const orderId = uniqueId('order');
    const command = commandEnvelope(ReserveStock.type, {
      orderId,
      items: [{ sku: a, quantity: 2 }],
    });
    await inventory.reserve(command);
    expect(await inventory.reserve(command)).toBeNull();
    expect(await inventory.product(a)).toMatchObject({ available: 3, reserved: 2 });
    expect(await inventory.emitted(orderId)).toHaveLength(1);
  });

  it('a repeated ReserveStock (new messageId) gets the recorded answer and reserves nothing more', async () => {
    const [a] = await freshSkus(5);
    const orderId = uniqueId('order');
    const first = await inventory.reserveFor(orderId, [{ sku: a, quantity: 2 }]);
    const retry = commandEnvelope(ReserveStock.type, {
      orderId,
      items: [{ sku: a, quantity: 2 }],
    });
    expect(await inventory.reserve(retry)).toEqual(first);
    expect(await inventory.product(a)).toMatchObject({ available: 3, reserved: 2 });
    const events = await inventory.emitted(orderId);
    expect(events.map((e) => e.type)).toEqual([StockReserved.type, StockReserved.type]);
    expect(events[1].causationId).toBe(retry.messageId);
  });

  it('a repeated ReserveStock after a failure keeps failing even once stock is there', async () => {
    const [a] = await freshSkus(1);
    const orderId = uniqueId('order');
    const first = await inventory.reserveFor(orderId, [{ sku: a, quantity: 2 }]);
    await inventory.stock(a, 10);
    expect(await inventory.reserveFor(orderId, [{ sku: a, quantity: 2 }])).toEqual(first);
    expect(await inventory.product(a)).toMatchObject({ available: 10, reserved: 0 });
  });

  it('a ReserveStock that arrives after its ReleaseStock is refused with "order released"', async () => {
    const [a] = await freshSkus(5);
    const orderId = uniqueId('order');
    await inventory.releaseFor(orderId);
    const reply = await inventory.reserveFor(orderId, [{ sku: a, quantity: 2 }]);
    expect(reply).toEqual({
      contract: StockReservationFailed,
      payload: { orderId, reason: 'order released', skus: [] },
    });
    expect(await inventory.product(a)).toMatchObject({ available: 5, reserved: 0 });
    expect((await inventory.emitted(orderId)).map((e) => e.type)).toEqual([
      StockReleased.type,
      StockReservationFailed.type,
    ]);
  });

  it('does not oversell: 20 concurrent orders for 10 units, exactly 10 reserved', async () => {
    const [a] = await freshSkus(10);
    const orders = Array.from({ length: 20 }, () => uniqueId('order'));
    const replies = await Promise.all(
      orders.map((orderId) => inventory.reserveFor(orderId, [{ sku: a, quantity: 1 }])),
    );
    const types = replies.map((reply) => reply?.contract.type);
    expect(types.filter((t) => t === StockReserved.type)).toHaveLength(10);
    expect(types.filter((t) => t === StockReservationFailed.type)).toHaveLength(10);
    expect(await inventory.product(a)).toMatchObject({ available: 0, reserved: 10 });
  });

  it('does not deadlock when concurrent orders list the same skus in opposite orders', async () => {
    const [a, b] = await freshSkus(100, 100);
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        inventory.reserveFor(
          uniqueId('order'),
          i % 2 === 0
            ? [
                { sku: a, quantity: 1 },
                { sku: b, quantity: 1 },
              ]
            : [
                { sku: b, quantity: 1 },
                { sku: a, quantity: 1 },
              ],
        ),
      ),
    );
    expect(replies.every((reply) => reply?.contract === StockReserved)).toBe(true);
    expect(await inventory.product(a)).toMatchObject({ available: 80, reserved: 20 });
    expect(await inventory.product(b)).toMatchObject({ available: 80, reserved: 20 });
  });

  it('concurrent retries of one order reserve once and all get the same answer', async () => {
    const [a] = await freshSkus(10);
    const orderId = uniqueId('order');
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => inventory.reserveFor(orderId, [{ sku: a, quantity: 3 }])),
    );
    for (const reply of replies) {
      expect(reply).toEqual({
        contract: StockReserved,
        payload: { orderId, items: [{ sku: a, quantity: 3 }] },
      });
    }
    expect(await inventory.product(a)).toMatchObject({ available: 7, reserved: 3 });
  });

  it('concurrent deliveries of one envelope reserve once and answer once', async () => {
    const [a] = await freshSkus(10);
    const orderId = uniqueId('order');
    const command = commandEnvelope(ReserveStock.type, {
      orderId,
      items: [{ sku: a, quantity: 4 }],
    });
    const replies = await Promise.all([1, 2, 3].map(() => inventory.reserve(command)));
    expect(replies.filter((reply) => reply !== null)).toHaveLength(1);
    expect(await inventory.product(a)).toMatchObject({ available: 6, reserved: 4 });
    expect(await inventory.emitted(orderId)).toHaveLength(1);
  });

  it('a ReserveStock racing its ReleaseStock leaves no stock held either way', async () => {
    const [a] = await freshSkus(10);
    for (let round = 0; round < 5; round++) {
      const orderId = uniqueId('order');
      const [reserved] = await Promise.all([
        inventory.reserveFor(orderId, [{ sku: a, quantity: 2 }]),
        inventory.releaseFor(orderId),
      ]);
      expect(reserved?.contract).toBeDefined();
      expect(await inventory.reservation(orderId)).toMatchObject({ status: 'RELEASED' });
    }
    expect(await inventory.product(a)).toMatchObject({ available: 10, reserved: 0 });
  });
});
