import { z } from 'zod/v4';
import { fromMinorUnits, hasWholeCents, MONEY_LIMITS, toMinorUnits } from './money';

/**
 * The field types messages are built from. Every service stores ids and skus in 64-character
 * columns, so a longer one is refused on arrival instead of failing (or being cut) in the database;
 * the gateway's request schemas are built from the same fields.
 */
export const TEXT_ID_MAX_LENGTH = 64;
export const textId = z.string().min(1).max(TEXT_ID_MAX_LENGTH);

/** 1 to 128 visible ASCII characters, as the gateway's Idempotency-Key header takes it. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;
export const idempotencyKey = z.string().regex(IDEMPOTENCY_KEY_PATTERN);

/** Units of one line: the same cap for an order's line and for the stock it reserves. */
export const lineQuantity = z.number().int().min(1).max(MONEY_LIMITS.maxQuantity);

/** Integer minor units (cents) up to `max`, one of MONEY_LIMITS: a fraction of a cent is refused. */
export const minorUnits = (max: number) => z.number().int().min(0).max(max);

/**
 * A minorUnits field as HTTP carries it: major units (10.5 for 1050), whole cents, within the
 * field's own bounds, so the edge and the bus refuse the same amounts. HTTP answers use it too.
 */
export function majorUnits(field: z.ZodNumber) {
  // zod reports a missing bound as ±Infinity.
  const [min, max] = [field.minValue ?? NaN, field.maxValue ?? NaN];
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    throw new Error('majorUnits needs a minorUnits field, bounded both ways');
  }
  // Each check aborts: what fails one goes no further, so the conversion in majorUnitsToMinor
  // never sees an amount it would throw on (a 500 instead of a 400). One problem per amount.
  return z
    .number()
    .min(fromMinorUnits(min), { abort: true })
    .max(fromMinorUnits(max), { abort: true })
    .refine(hasWholeCents, { message: 'must have at most 2 decimal places', abort: true })
    .meta({ description: 'in major units (10.5), at most 2 decimals', example: 10.5 });
}

/** The same amount arriving in a request: parsed into the minor units its message carries. */
export function majorUnitsToMinor(field: z.ZodNumber) {
  return majorUnits(field).transform(toMinorUnits);
}

/** An instant as ISO 8601 text (UTC). */
export const timestamp = z.iso.datetime();
