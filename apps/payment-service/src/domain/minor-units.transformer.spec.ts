import { minorUnitsTransformer } from './minor-units.transformer';

describe('minorUnitsTransformer', () => {
  it('reads PostgreSQL BIGINT strings and SQLite numbers as numbers', () => {
    expect(minorUnitsTransformer.from('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(minorUnitsTransformer.from(1234)).toBe(1234);
    expect(minorUnitsTransformer.from(null)).toBeNull();
  });

  it('refuses a stored value it could not represent exactly', () => {
    expect(() => minorUnitsTransformer.from('9007199254740993')).toThrow(RangeError);
  });

  it('writes numbers unchanged', () => {
    expect(minorUnitsTransformer.to(42)).toBe(42);
  });
});
