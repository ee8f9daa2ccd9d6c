import { ValueTransformer } from 'typeorm';

/**
 * Amounts are BIGINT columns (a safe integer can exceed INTEGER's 32 bits). PostgreSQL returns
 * BIGINT as a string; it is converted back only when exact, never rounded.
 */
export const minorUnitsTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => {
    if (value === null) return null;
    const number = Number(value);
    if (!Number.isSafeInteger(number))
      throw new RangeError(`${value} is not a safe integer amount`);
    return number;
  },
};
