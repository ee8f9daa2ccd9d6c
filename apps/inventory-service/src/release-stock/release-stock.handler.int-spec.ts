import { ReleaseStock, StockReleased, StockReserved } from '@railyard/contracts';
import { DATABASE_KINDS } from '../../../../test/support/database';
import { commandEnvelope, InventoryHarness, uniqueId } from '../../test/inventory-harness';

jest.setTimeout(60_000);

describe.each(DATABASE_KINDS)('ReleaseStock on %s', (kind) => {
  let inventory: InventoryHarness;

  beforeAll(async () => {
    inventory = await InventoryHarness.start(kind);
  });
  afterAll(() => inventory?.close());

  async function reservedOrder(available: number, quantity: number) {
    const sku = uniqueId('sku');
    const orderId = uniqueId('order');
    await inventory.stock(sku, available);
    await inventory.reserveFor(orderId, [{ sku, quantity }]);
    return { sku, orderId };
  }

  it('gives a reserved order its stock back and answers StockReleased with the lines', async () => {
    const { sku, orderId } = await reservedOrder(5, 2);
    const command = commandEnvelope(ReleaseStock.type, { orderId });

    await inventory.release(command);

    expect(await inventory.product(sku)).toMatchObject({ available: 5, reserved: 0, committed: 0 });
    expect(await inventory.reservation(orderId)).toMatchObject({ status: 'RELEASED' });
    const event = (await inventory.emitted(orderId))[1];
    expect(event).toMatchObject({
      type: StockReleased.type,
      aggregateId: orderId,
      causationId: command.messageId,
      correlationId: command.correlationId,
      payload: { orderId, items: [{ sku, quantity: 2 }] },
    });
    expect(event.headers).toEqual({ 'reply-saga-id': 'saga-1', 'reply-step': 'stock' });
  });

  it('a redelivered envelope releases once and is answered once', async () => {
    const { sku, orderId } = await reservedOrder(5, 2);
    const command = commandEnvelope(ReleaseStock.type, { orderId });
    await inventory.release(command);
    expect(await inventory.release(command)).toBeNull();
    expect(await inventory.product(sku)).toMatchObject({ available: 5, reserved: 0 });
    expect((await inventory.emitted(orderId)).map((e) => e.type)).toEqual([
      StockReserved.type,
      StockReleased.type,
    ]);
  });

  it('a repeated ReleaseStock (new messageId) is answered again but changes state only once', async () => {
    const { sku, orderId } = await reservedOrder(5, 2);
    // Someone else reserves meanwhile: a second release must not hand their units back.
    await inventory.reserveFor(uniqueId('order'), [{ sku, quantity: 1 }]);
    const first = await inventory.releaseFor(orderId);
    const again = await inventory.releaseFor(orderId);
    expect(again).toEqual(first);
    expect(again?.payload.items).toEqual([{ sku, quantity: 2 }]);
    expect(await inventory.product(sku)).toMatchObject({ available: 4, reserved: 1 });
    expect((await inventory.emitted(orderId)).map((e) => e.type)).toEqual([
      StockReserved.type,
      StockReleased.type,
      StockReleased.type,
    ]);
  });

  it('a release before any reservation answers empty items and closes the order', async () => {
    const orderId = uniqueId('order');
    expect(await inventory.releaseFor(orderId)).toEqual({
      contract: StockReleased,
      payload: { orderId, items: [] },
    });
    expect(await inventory.reservation(orderId)).toMatchObject({
      status: 'RELEASED',
      reason: 'order released',
    });
    expect((await inventory.releaseFor(orderId))?.payload.items).toEqual([]);
  });

  it('a release of a failed reservation answers empty items and keeps the failure', async () => {
    const sku = uniqueId('sku');
    const orderId = uniqueId('order');
    await inventory.stock(sku, 1);
    await inventory.reserveFor(orderId, [{ sku, quantity: 2 }]);
    expect((await inventory.releaseFor(orderId))?.payload.items).toEqual([]);
    expect(await inventory.reservation(orderId)).toMatchObject({
      status: 'FAILED',
      reason: 'insufficient stock',
    });
    expect(await inventory.product(sku)).toMatchObject({ available: 1, reserved: 0 });
  });

  it('a release after the commit answers empty items: committed goods do not come back', async () => {
    const { sku, orderId } = await reservedOrder(5, 2);
    await inventory.commitFor(orderId);
    expect((await inventory.releaseFor(orderId))?.payload.items).toEqual([]);
    expect(await inventory.reservation(orderId)).toMatchObject({ status: 'COMMITTED' });
    expect(await inventory.product(sku)).toMatchObject({ available: 3, reserved: 0, committed: 2 });
  });

  it('refuses a payload without an order id with INVALID_MESSAGE', async () => {
    const command = commandEnvelope(ReleaseStock.type, { orderId: '' });
    await expect(inventory.release(command)).rejects.toMatchObject({ code: 'INVALID_MESSAGE' });
    expect(await inventory.inboxCount(command.messageId)).toBe(0);
  });

  it('concurrent releases of one order give the stock back once', async () => {
    const { sku, orderId } = await reservedOrder(10, 4);
    const replies = await Promise.all([1, 2, 3, 4].map(() => inventory.releaseFor(orderId)));
    for (const reply of replies) expect(reply?.payload.items).toEqual([{ sku, quantity: 4 }]);
    expect(await inventory.product(sku)).toMatchObject({ available: 10, reserved: 0 });
  });
});
