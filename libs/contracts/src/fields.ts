import { z } from 'zod/v4';
import { MONEY_LIMITS } from './money';

/**
 * The field types messages are built from. Every service stores ids and skus in 64-character
 * columns, so a longer one is refused on arrival instead of failing (or being cut) in the database;
 * the gateway's DTOs read the same bound.
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

/** An instant as ISO 8601 text (UTC). */
export const timestamp = z.iso.datetime();
