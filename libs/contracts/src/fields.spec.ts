import fc from 'fast-check';
import { z } from 'zod/v4';
import { majorUnits, majorUnitsToMinor, minorUnits } from './fields';
import { MONEY_LIMITS } from './money';

const unitPrice = minorUnits(MONEY_LIMITS.maxUnitPrice);

describe('majorUnits', () => {
  it('takes its bounds from the minor-units field, in major units', () => {
    const price = majorUnits(unitPrice);
    expect(price.minValue).toBe(0);
    expect(price.maxValue).toBe(1_000_000_000);
    expect(price.safeParse(1_000_000_000).success).toBe(true);
    expect(price.safeParse(1_000_000_000.01).success).toBe(false);
    expect(price.safeParse(-0.01).success).toBe(false);
  });

  it.each([0, 1, 10.5, 0.29, 19.99])('accepts %p (whole cents)', (amount) => {
    expect(majorUnits(unitPrice).safeParse(amount).success).toBe(true);
  });

  it.each([1e-7, 1.001, 0.005, 5e-9])('refuses %p (a fraction of a cent)', (amount) => {
    expect(majorUnits(unitPrice).safeParse(amount).error?.issues).toEqual([
      expect.objectContaining({ message: 'must have at most 2 decimal places' }),
    ]);
  });

  it('needs a field bounded both ways', () => {
    expect(() => majorUnits(z.number().min(0))).toThrow('bounded both ways');
    expect(() => majorUnits(z.number().max(100))).toThrow('bounded both ways');
  });
});

describe('majorUnitsToMinor', () => {
  it('parses an amount into the minor units the field carries', () => {
    expect(majorUnitsToMinor(unitPrice).parse(10.5)).toBe(1050);
    expect(majorUnitsToMinor(unitPrice).parse(0.29)).toBe(29);
    expect(unitPrice.parse(majorUnitsToMinor(unitPrice).parse(1_000_000_000))).toBe(
      MONEY_LIMITS.maxUnitPrice,
    );
  });

  it('never throws, whatever number arrives: it accepts or it refuses', () => {
    const amount = majorUnitsToMinor(unitPrice);
    fc.assert(
      fc.property(fc.double(), (value) => {
        const result = amount.safeParse(value);
        if (result.success) expect(unitPrice.safeParse(result.data).success).toBe(true);
      }),
    );
    for (const extreme of [1e300, -1e300, Number.MAX_VALUE, -Number.MIN_VALUE, -5e-323]) {
      expect(amount.safeParse(extreme).success).toBe(false);
    }
  });
});
