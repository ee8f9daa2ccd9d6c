import { MONEY_LIMITS } from '../money';
import { MAX_AVAILABLE, ReserveStock, SetProduct } from './inventory.messages';

const valid = { orderId: 'o1', items: [{ sku: 'A', quantity: 1 }] };
const withQuantity = (quantity: unknown) => ({ ...valid, items: [{ sku: 'A', quantity }] });

describe('ReserveStock', () => {
  it('accepts an order with positive integer quantities', () => {
    expect(ReserveStock.payload.safeParse(valid).success).toBe(true);
  });

  it.each([
    0,
    -1,
    1.5,
    '2',
    null,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    MONEY_LIMITS.maxQuantity + 1,
  ])('refuses quantity %p', (quantity) => {
    expect(ReserveStock.payload.safeParse(withQuantity(quantity)).success).toBe(false);
  });

  it('refuses a missing or empty order id or sku, and an empty item list', () => {
    expect(ReserveStock.payload.safeParse({ items: valid.items }).success).toBe(false);
    expect(ReserveStock.payload.safeParse({ ...valid, orderId: '' }).success).toBe(false);
    expect(
      ReserveStock.payload.safeParse({ ...valid, items: [{ sku: '', quantity: 1 }] }).success,
    ).toBe(false);
    expect(ReserveStock.payload.safeParse({ ...valid, items: [] }).success).toBe(false);
  });

  it('refuses ids longer than their 64-character columns', () => {
    expect(ReserveStock.payload.safeParse({ ...valid, orderId: 'o'.repeat(65) }).success).toBe(
      false,
    );
  });
});

describe('SetProduct', () => {
  it.each([0, 1, MAX_AVAILABLE])('accepts available = %p', (available) => {
    expect(SetProduct.payload.safeParse({ sku: 'A', available }).success).toBe(true);
  });

  it.each([-1, 0.5, '3', null, MAX_AVAILABLE + 1])('refuses available = %p', (available) => {
    expect(SetProduct.payload.safeParse({ sku: 'A', available }).success).toBe(false);
  });

  it('refuses an empty sku', () => {
    expect(SetProduct.payload.safeParse({ sku: '', available: 1 }).success).toBe(false);
  });
});
