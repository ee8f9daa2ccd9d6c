import { GetReservation } from '@railyard/contracts';
import { asReceived } from '../../../../test/support/as-received';
import { DATABASE_KINDS } from '../../../../test/support/database';
import { InventoryHarness, uniqueId } from '../../test/inventory-harness';
import { GetReservationQuery } from './get-reservation.query';

jest.setTimeout(60_000);

describe.each(DATABASE_KINDS)('GetReservation on %s', (kind) => {
  let inventory: InventoryHarness;
  let sku: string;

  beforeAll(async () => {
    inventory = await InventoryHarness.start(kind);
    sku = uniqueId('sku');
    await inventory.stock(sku, 100);
  });
  afterAll(() => inventory?.close());

  const getReservation = async (payload: unknown) =>
    inventory.queryBus.execute(new GetReservationQuery(asReceived(GetReservation, payload)));

  it('shows a RESERVED order with its merged lines and no reason', async () => {
    const orderId = uniqueId('order');
    await inventory.reserveFor(orderId, [
      { sku, quantity: 1 },
      { sku, quantity: 2 },
    ]);
    expect(await getReservation({ orderId })).toEqual({
      orderId,
      status: 'RESERVED',
      items: [{ sku, quantity: 3 }],
    });
  });

  it('shows a FAILED order with its reason', async () => {
    const orderId = uniqueId('order');
    await inventory.reserveFor(orderId, [{ sku, quantity: 1000 }]);
    expect(await getReservation({ orderId })).toEqual({
      orderId,
      status: 'FAILED',
      items: [{ sku, quantity: 1000 }],
      reason: 'insufficient stock',
    });
  });

  it('follows the order through COMMITTED and RELEASED', async () => {
    const kept = uniqueId('order');
    const dropped = uniqueId('order');
    await inventory.reserveFor(kept, [{ sku, quantity: 1 }]);
    await inventory.reserveFor(dropped, [{ sku, quantity: 1 }]);
    await inventory.commitFor(kept);
    await inventory.releaseFor(dropped);
    expect(await getReservation({ orderId: kept })).toMatchObject({ status: 'COMMITTED' });
    expect(await getReservation({ orderId: dropped })).toEqual({
      orderId: dropped,
      status: 'RELEASED',
      items: [{ sku, quantity: 1 }],
    });
  });

  it('shows an order closed by an early release', async () => {
    const orderId = uniqueId('order');
    await inventory.releaseFor(orderId);
    expect(await getReservation({ orderId })).toEqual({
      orderId,
      status: 'RELEASED',
      items: [],
      reason: 'order released',
    });
  });

  it('answers RESERVATION_NOT_FOUND for an order it never heard of', async () => {
    await expect(getReservation({ orderId: uniqueId('order') })).rejects.toMatchObject({
      code: 'RESERVATION_NOT_FOUND',
    });
  });

  it('refuses a payload without an order id with INVALID_MESSAGE', async () => {
    await expect(getReservation({ orderId: 42 })).rejects.toMatchObject({
      code: 'INVALID_MESSAGE',
    });
  });
});
