/**
 * Money travels and is stored as integer minor units (cents): sums never drift. Decimal amounts
 * exist only at the HTTP edge, converted here.
 */
export type MinorUnits = number;

const MINOR_PER_MAJOR = 100;

/** 12.34 → 1234; refuses fractions of a cent and values beyond exact integer range. */
export function toMinorUnits(amount: number): MinorUnits {
  const minor = Math.round(amount * MINOR_PER_MAJOR);
  if (!Number.isFinite(amount) || Math.abs(minor / MINOR_PER_MAJOR - amount) > 1e-9) {
    throw new RangeError(`${amount} is not an amount in cents`);
  }
  if (!Number.isSafeInteger(minor)) throw new RangeError(`${amount} is too large`);
  return minor;
}

export function fromMinorUnits(minor: MinorUnits): number {
  return minor / MINOR_PER_MAJOR;
}
