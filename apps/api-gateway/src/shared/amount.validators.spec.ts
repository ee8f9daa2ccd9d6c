import { MONEY_LIMITS } from '@railyard/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { hasWholeCents, IsAmount } from './amount.validators';

class Priced {
  @IsAmount('a price', MONEY_LIMITS.maxUnitPrice)
  price!: number;
}

const problems = (price: unknown) =>
  validateSync(plainToInstance(Priced, { price })).flatMap((e) =>
    Object.values(e.constraints ?? {}),
  );

describe('IsAmount', () => {
  it.each([0, 1, 10.5, 0.29, 19.99, 1_000_000_000])('accepts %p', (price) => {
    expect(hasWholeCents(price)).toBe(true);
    expect(problems(price)).toEqual([]);
  });

  it.each([1e-7, 1.001, 0.005, 2.5e-3])('refuses %p as more than two decimals', (price) => {
    expect(hasWholeCents(price)).toBe(false);
    expect(problems(price)).toContain('price must have at most 2 decimal places');
  });

  it('refuses a negative amount in exponent notation (-5e-323) without throwing', () => {
    expect(problems(-5e-323)).toContain('price must not be less than 0');
  });

  it.each([NaN, Infinity, '10', null])('refuses %p as not a number', (price) => {
    expect(problems(price).length).toBeGreaterThan(0);
  });
});
