import { setProductSchema } from './set-product.schema';

describe('setProductSchema', () => {
  it.each([0, 1, 1_000_000_000])('accepts available = %p', (available) => {
    expect(setProductSchema.safeParse({ sku: 'A', available }).success).toBe(true);
  });

  it.each([-1, 0.5, '3', null, 1_000_000_001])('refuses available = %p', (available) => {
    expect(setProductSchema.safeParse({ sku: 'A', available }).success).toBe(false);
  });

  it('refuses an empty sku', () => {
    expect(setProductSchema.safeParse({ sku: '', available: 1 }).success).toBe(false);
  });
});
