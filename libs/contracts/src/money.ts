/**
 * Money travels and is stored as integer minor units (cents): sums never drift. Decimal amounts
 * exist only at the HTTP edge, converted here.
 */
export type MinorUnits = number;

const MINOR_PER_MAJOR = 100;

/**
 * The caps every layer applies to an order and an account: the services' payload schemas read
 * these and the gateway's request schemas are derived from those, so the edge and the bus refuse exactly the same requests. Amounts
 * are minor units. With these caps every stored amount, and every sum the services compute
 * (a balance plus a refund included), stays far below Number.MAX_SAFE_INTEGER (9,007,199,254,740,991),
 * so it is exact as a JS number and fits the BIGINT money columns.
 */
export const MONEY_LIMITS = {
  /** One unit's price: 1,000,000,000.00. */
  maxUnitPrice: 100_000_000_000,
  /** Units of one line. */
  maxQuantity: 1_000,
  /** Lines of one order. */
  maxLines: 100,
  /** Sum of quantity × unit price over an order's lines: 100,000,000,000.00. */
  maxOrderTotal: 10_000_000_000_000,
  /** An account's balance as set by an operator: 100,000,000,000.00. */
  maxBalance: 10_000_000_000_000,
} as const;

/**
 * Whether a major-unit amount is a whole number of cents, whatever notation it arrived in: 1e-7
 * has no "." in its text, which a check on the decimal digits misses (the gateway once answered it
 * 500). Float noise (0.29 * 100 is 28.999999999999996) is allowed, far below a cent.
 */
export function hasWholeCents(amount: number): boolean {
  if (!Number.isFinite(amount)) return false;
  const minor = Math.round(amount * MINOR_PER_MAJOR);
  return Math.abs(minor / MINOR_PER_MAJOR - amount) <= 1e-9;
}

/** 12.34 → 1234; refuses fractions of a cent and values beyond exact integer range. */
export function toMinorUnits(amount: number): MinorUnits {
  if (!hasWholeCents(amount)) throw new RangeError(`${amount} is not an amount in cents`);
  const minor = Math.round(amount * MINOR_PER_MAJOR);
  if (!Number.isSafeInteger(minor)) throw new RangeError(`${amount} is too large`);
  return minor;
}

export function fromMinorUnits(minor: MinorUnits): number {
  return minor / MINOR_PER_MAJOR;
}

/** Sum of quantity × unit price, or undefined when it would not be an exact integer. */
export function linesTotal(
  lines: ReadonlyArray<{ quantity: number; unitPrice: MinorUnits }>,
): MinorUnits | undefined {
  const total = lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
  return Number.isSafeInteger(total) ? total : undefined;
}

/**
 * A BIGINT money column read back: PostgreSQL's driver returns BIGINT as a string (node-postgres
 * cannot know it fits a number), SQLite a number. Converted only when exact, never rounded.
 */
export function storedMinorUnits(value: string | number): MinorUnits {
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(number)) throw new RangeError(`${value} is not a safe integer amount`);
  return number;
}

/**
 * The TypeORM column transformer of every money column (`type: 'bigint'`). Structurally a
 * ValueTransformer, so the contracts stay free of an ORM import.
 */
export const minorUnitsColumn = {
  to: (value: MinorUnits | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : storedMinorUnits(value)),
};
