import { MONEY_LIMITS } from '@railyard/contracts';
import { canTransition, orderTotal, requestFingerprint } from './order-rules';

describe('order rules', () => {
  it('totals lines exactly in minor units', () => {
    expect(
      orderTotal([
        { sku: 'a', quantity: 3, unitPrice: 10 },
        { sku: 'b', quantity: 1, unitPrice: 1999 },
      ]),
    ).toBe(2029);
    // 0.1 + 0.2 in cents: no drift.
    expect(
      orderTotal([
        { sku: 'a', quantity: 1, unitPrice: 10 },
        { sku: 'b', quantity: 1, unitPrice: 20 },
      ]),
    ).toBe(30);
  });

  it('refuses a total beyond exact integers or above the cap, naming the cap', () => {
    expect(() =>
      orderTotal([{ sku: 'a', quantity: 1000, unitPrice: Number.MAX_SAFE_INTEGER }]),
    ).toThrow(/at most 10000000000000 minor units/);
    expect(() =>
      orderTotal([{ sku: 'a', quantity: 1, unitPrice: MONEY_LIMITS.maxOrderTotal + 1 }]),
    ).toThrow(/at most 10000000000000 minor units/);
    expect(orderTotal([{ sku: 'a', quantity: 1, unitPrice: MONEY_LIMITS.maxOrderTotal }])).toBe(
      MONEY_LIMITS.maxOrderTotal,
    );
  });

  it.each([
    ['PENDING', 'CONFIRMED', true],
    ['PENDING', 'CANCELLED', true],
    ['CONFIRMED', 'CANCELLED', false],
    ['CANCELLED', 'CONFIRMED', false],
    ['CONFIRMED', 'PENDING', false],
    ['PENDING', 'PENDING', false],
  ] as const)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });

  it('fingerprints the request: same request same print, any change another', () => {
    const items = [{ sku: 'a', quantity: 1, unitPrice: 5 }];
    expect(requestFingerprint('c1', items)).toBe(requestFingerprint('c1', [{ ...items[0] }]));
    expect(requestFingerprint('c1', items)).not.toBe(requestFingerprint('c2', items));
    expect(requestFingerprint('c1', items)).not.toBe(
      requestFingerprint('c1', [{ sku: 'a', quantity: 2, unitPrice: 5 }]),
    );
  });
});
