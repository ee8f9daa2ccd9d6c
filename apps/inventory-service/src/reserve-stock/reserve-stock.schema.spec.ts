import { reserveStockSchema } from './reserve-stock.schema';

const valid = { orderId: 'o1', items: [{ sku: 'A', quantity: 1 }] };
const withQuantity = (quantity: unknown) => ({ ...valid, items: [{ sku: 'A', quantity }] });

describe('reserveStockSchema', () => {
  it('accepts an order with positive integer quantities', () => {
    expect(reserveStockSchema.safeParse(valid).success).toBe(true);
  });

  it.each([0, -1, 1.5, '2', null, Number.NaN, Number.POSITIVE_INFINITY, 1_000_001])(
    'refuses quantity %p',
    (quantity) => {
      expect(reserveStockSchema.safeParse(withQuantity(quantity)).success).toBe(false);
    },
  );

  it('refuses a missing or empty order id or sku, and an empty item list', () => {
    expect(reserveStockSchema.safeParse({ items: valid.items }).success).toBe(false);
    expect(reserveStockSchema.safeParse({ ...valid, orderId: '' }).success).toBe(false);
    expect(
      reserveStockSchema.safeParse({ ...valid, items: [{ sku: '', quantity: 1 }] }).success,
    ).toBe(false);
    expect(reserveStockSchema.safeParse({ ...valid, items: [] }).success).toBe(false);
  });

  it('refuses ids longer than their 64-character columns', () => {
    expect(reserveStockSchema.safeParse({ ...valid, orderId: 'o'.repeat(65) }).success).toBe(false);
  });
});
