import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, Max, Min, ValidateBy } from 'class-validator';

/** Largest amount accepted, in major units: its cents stay exact integers, sums included. */
export const MAX_AMOUNT = 1_000_000_000;

/**
 * Whole cents, whatever notation the number arrived in. class-validator's own `maxDecimalPlaces`
 * splits the number's text at "." and crashed (a 500) on 1e-7, which JavaScript prints without one
 * (found by the chaos suite's HTTP fuzz).
 */
export function hasWholeCents(value: unknown): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  const cents = value * 100;
  // 0.29 * 100 is 28.999999999999996: allow float noise, far below a tenth of a cent.
  return Math.abs(cents - Math.round(cents)) < 1e-6;
}

/** A money amount in major units (10.5 = ten and a half), at most two decimals. */
export function IsAmount(description: string) {
  return applyDecorators(
    ApiProperty({ description, minimum: 0, maximum: MAX_AMOUNT, example: 10.5, type: Number }),
    IsNumber({ allowNaN: false, allowInfinity: false }),
    ValidateBy({
      name: 'hasWholeCents',
      validator: {
        validate: hasWholeCents,
        defaultMessage: (args) =>
          `${args?.property ?? 'amount'} must have at most 2 decimal places`,
      },
    }),
    Min(0),
    Max(MAX_AMOUNT),
  );
}
