import { toProductView, toReservationView } from './inventory-views';
import { closedRecord } from './reservation-record';

describe('views', () => {
  it('a product view shows sku, available and reserved only', () => {
    expect(
      toProductView({ sku: 'A', available: 3, reserved: 2, committed: 9, updatedAt: 'now' }),
    ).toEqual({ sku: 'A', available: 3, reserved: 2 });
  });

  it('a reservation view has no reason key while the order holds stock', () => {
    const view = toReservationView({
      orderId: 'o1',
      status: 'RESERVED',
      reason: null,
      failedSkus: [],
      lines: [{ sku: 'A', quantity: 1 }],
    });
    expect(view).toEqual({ orderId: 'o1', status: 'RESERVED', items: [{ sku: 'A', quantity: 1 }] });
    expect('reason' in view).toBe(false);
  });

  it('a reservation view carries the reason of a failed or closed order', () => {
    expect(toReservationView(closedRecord('o1'))).toEqual({
      orderId: 'o1',
      status: 'RELEASED',
      items: [],
      reason: 'order released',
    });
  });
});
