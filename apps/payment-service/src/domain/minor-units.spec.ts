import { credit, debit, isMinorUnits } from './minor-units';

describe('minor units', () => {
  it('are non-negative safe integers only', () => {
    expect([0, 1, 1234, Number.MAX_SAFE_INTEGER].every(isMinorUnits)).toBe(true);
    for (const bad of [-1, 0.5, 12.34, Number.MAX_SAFE_INTEGER + 1, NaN, Infinity, '5', null]) {
      expect(isMinorUnits(bad)).toBe(false);
    }
  });

  it('debit subtracts exactly and never goes below zero', () => {
    expect(debit(1000, 999)).toBe(1);
    expect(debit(1000, 1000)).toBe(0);
    expect(debit(Number.MAX_SAFE_INTEGER, 1)).toBe(Number.MAX_SAFE_INTEGER - 1);
    expect(() => debit(1000, 1001)).toThrow(RangeError);
  });

  it('credit adds exactly and refuses a sum beyond exact range', () => {
    expect(credit(1, 2)).toBe(3);
    expect(credit(Number.MAX_SAFE_INTEGER - 1, 1)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => credit(Number.MAX_SAFE_INTEGER, 1)).toThrow(RangeError);
  });

  it('refuse operands that are not minor units', () => {
    expect(() => debit(10, 0.1)).toThrow(RangeError);
    expect(() => credit(-1, 1)).toThrow(RangeError);
  });

  it('avoid the floating-point drift of decimal amounts', () => {
    // 0.1 + 0.2 !== 0.3 in floating point; 10 + 20 === 30 in cents.
    expect(credit(10, 20)).toBe(30);
  });
});
