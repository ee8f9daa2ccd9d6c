import { CommitStock, StockCommitted } from '@railyard/contracts';
import { DATABASE_KINDS } from '../../../../test/support/database';
import { commandEnvelope, InventoryHarness, uniqueId } from '../../test/inventory-harness';

jest.setTimeout(60_000);

describe.each(DATABASE_KINDS)('CommitStock on %s', (kind) => {
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

  it('moves the reservation to committed and answers StockCommitted with the lines', async () => {
    const { sku, orderId } = await reservedOrder(5, 2);
    const command = commandEnvelope(CommitStock.type, { orderId });

    await inventory.commit(command);

    const product = await inventory.product(sku);
    expect(product).toMatchObject({ available: 3, reserved: 0, committed: 2 });
    expect(product!.available + product!.reserved + product!.committed).toBe(5);
    expect(await inventory.reservation(orderId)).toMatchObject({ status: 'COMMITTED' });
    const event = (await inventory.emitted(orderId))[1];
    expect(event).toMatchObject({
      type: StockCommitted.type,
      aggregateId: orderId,
      causationId: command.messageId,
      correlationId: command.correlationId,
      payload: { orderId, items: [{ sku, quantity: 2 }] },
    });
    expect(event.headers).toEqual({ 'reply-saga-id': 'saga-1', 'reply-step': 'stock' });
  });

  it('a redelivered envelope commits once and is answered once', async () => {
    const { sku, orderId } = await reservedOrder(5, 2);
    const command = commandEnvelope(CommitStock.type, { orderId });
    await inventory.commit(command);
    expect(await inventory.commit(command)).toBeNull();
    expect(await inventory.product(sku)).toMatchObject({ available: 3, reserved: 0, committed: 2 });
    expect(await inventory.emitted(orderId)).toHaveLength(2);
  });

  it('a repeated CommitStock (new messageId) gets the committed lines again, no change', async () => {
    const { sku, orderId } = await reservedOrder(5, 2);
    const first = await inventory.commitFor(orderId);
    expect(await inventory.commitFor(orderId)).toEqual(first);
    expect(await inventory.product(sku)).toMatchObject({ available: 3, reserved: 0, committed: 2 });
  });

  it('a commit of an order that holds nothing answers empty items and records nothing', async () => {
    const orderId = uniqueId('order');
    expect(await inventory.commitFor(orderId)).toEqual({
      contract: StockCommitted,
      payload: { orderId, items: [] },
    });
    expect(await inventory.reservation(orderId)).toBeNull();
  });

  it('a commit of a released order answers empty items and changes nothing', async () => {
    const { sku, orderId } = await reservedOrder(5, 2);
    await inventory.releaseFor(orderId);
    expect((await inventory.commitFor(orderId))?.payload.items).toEqual([]);
    expect(await inventory.reservation(orderId)).toMatchObject({ status: 'RELEASED' });
    expect(await inventory.product(sku)).toMatchObject({ available: 5, reserved: 0, committed: 0 });
  });

  it('a commit of a failed order answers empty items and changes nothing', async () => {
    const sku = uniqueId('sku');
    const orderId = uniqueId('order');
    await inventory.stock(sku, 1);
    await inventory.reserveFor(orderId, [{ sku, quantity: 3 }]);
    expect((await inventory.commitFor(orderId))?.payload.items).toEqual([]);
    expect(await inventory.reservation(orderId)).toMatchObject({ status: 'FAILED' });
    expect(await inventory.product(sku)).toMatchObject({ available: 1, reserved: 0, committed: 0 });
  });

  it('refuses a payload without an order id with INVALID_MESSAGE', async () => {
    const command = commandEnvelope(CommitStock.type, {} as { orderId: string });
    await expect(inventory.commit(command)).rejects.toMatchObject({ code: 'INVALID_MESSAGE' });
  });

  it('a commit racing a release of one order: exactly one of them takes the stock', async () => {
    const { sku, orderId } = await reservedOrder(10, 3);
    const [committed, released] = await Promise.all([
      inventory.commitFor(orderId),
      inventory.releaseFor(orderId),
    ]);
    const product = await inventory.product(sku);
    expect(product!.reserved).toBe(0);
    expect(product!.available + product!.committed).toBe(10);
    // Whichever ran second saw the other's status and answered with empty items.
    const moved = [committed?.payload.items, released?.payload.items].filter((i) => i?.length);
    expect(moved).toEqual([[{ sku, quantity: 3 }]]);
  });

  it('keeps initial = available + reserved + committed over a mixed history', async () => {
    const sku = uniqueId('sku');
    await inventory.stock(sku, 20);
    const orders = Array.from({ length: 8 }, () => uniqueId('order'));
    await Promise.all(
      orders.map((orderId) => inventory.reserveFor(orderId, [{ sku, quantity: 3 }])),
    );
    await Promise.all(
      orders.map((orderId, i) =>
        i % 3 === 0
          ? inventory.commitFor(orderId)
          : i % 3 === 1
            ? inventory.releaseFor(orderId)
            : null,
      ),
    );
    const product = await inventory.product(sku);
    expect(product!.available + product!.reserved + product!.committed).toBe(20);
    expect(
      Math.min(product!.available, product!.reserved, product!.committed),
    ).toBeGreaterThanOrEqual(0);
  });
});
