import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { fromMinorUnits, MinorUnits } from '@railyard/contracts';
import { IsNumber, Max, Min, ValidateBy } from 'class-validator';

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

/**
 * A money amount in major units (10.5 = ten and a half), at most two decimals, at most `max`
 * (a MONEY_LIMITS cap, in minor units: the one definition the services check too).
 */
export function IsAmount(description: string, max: MinorUnits) {
  const maximum = fromMinorUnits(max);
  return applyDecorators(
    ApiProperty({ description, minimum: 0, maximum, example: 10.5, type: Number }),
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
    Max(maximum),
  );
}
