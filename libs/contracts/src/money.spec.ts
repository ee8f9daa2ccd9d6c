import {
  fromMinorUnits,
  hasWholeCents,
  linesTotal,
  minorUnitsColumn,
  MONEY_LIMITS,
  storedMinorUnits,
  toMinorUnits,
} from './money';

describe('money', () => {
  it('keeps every capped amount and sum exact (far below Number.MAX_SAFE_INTEGER)', () => {
    // One line's product is exact; a sum of lines past the cap may round, but only far above it.
    expect(Number.isSafeInteger(MONEY_LIMITS.maxQuantity * MONEY_LIMITS.maxUnitPrice)).toBe(true);
    // A refund lands on a balance that may itself be at the cap.
    expect(Number.isSafeInteger(MONEY_LIMITS.maxBalance + MONEY_LIMITS.maxOrderTotal)).toBe(true);
  });

  it('allows the 1,000 x 30,000.00 order', () => {
    const items = [{ quantity: 1_000, unitPrice: toMinorUnits(30_000) }];
    expect(linesTotal(items)).toBe(3_000_000_000);
    expect(linesTotal(items)!).toBeLessThanOrEqual(MONEY_LIMITS.maxOrderTotal);
    expect(fromMinorUnits(3_000_000_000)).toBe(30_000_000);
  });

  it('linesTotal is undefined when the sum would not be exact', () => {
    expect(linesTotal([{ quantity: 2, unitPrice: Number.MAX_SAFE_INTEGER }])).toBeUndefined();
  });

  it('tells whole cents whatever the notation, allowing float noise', () => {
    for (const amount of [0, 1, 10.5, 0.29, 19.99, 1_000_000_000, -3.5]) {
      expect(hasWholeCents(amount)).toBe(true);
    }
    // 1e-7 has no '.' in its text, which a check on the decimal digits misses.
    for (const amount of [1e-7, 1.001, 0.005, 2.5e-3, 5e-9, NaN, Infinity]) {
      expect(hasWholeCents(amount)).toBe(false);
    }
  });

  it('toMinorUnits converts exactly what hasWholeCents accepts', () => {
    expect(toMinorUnits(0.29)).toBe(29);
    expect(() => toMinorUnits(1e-7)).toThrow('is not an amount in cents');
    expect(() => toMinorUnits(1e300)).toThrow('is too large');
  });

  it('reads PostgreSQL BIGINT strings and SQLite numbers as numbers', () => {
    expect(storedMinorUnits('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(minorUnitsColumn.from('3000000000')).toBe(3_000_000_000);
    expect(minorUnitsColumn.from(1234)).toBe(1234);
    expect(minorUnitsColumn.from(null)).toBeNull();
  });

  it('refuses a stored value it could not represent exactly', () => {
    expect(() => storedMinorUnits('9007199254740993')).toThrow(RangeError);
  });

  it('writes numbers unchanged', () => {
    expect(minorUnitsColumn.to(42)).toBe(42);
  });
});
