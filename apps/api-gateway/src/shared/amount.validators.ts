import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, Max, Min } from 'class-validator';

/** Largest amount accepted, in major units: its cents stay exact integers, sums included. */
export const MAX_AMOUNT = 1_000_000_000;

/** A money amount in major units (10.5 = ten and a half), at most two decimals. */
export function IsAmount(description: string) {
  return applyDecorators(
    ApiProperty({ description, minimum: 0, maximum: MAX_AMOUNT, example: 10.5, type: Number }),
    IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 }),
    Min(0),
    Max(MAX_AMOUNT),
  );
}
