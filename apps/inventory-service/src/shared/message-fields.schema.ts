import { z } from 'zod';

/** Fits the 64-character key columns. */
export const orderIdSchema = z.string().min(1).max(64);
export const skuSchema = z.string().min(1).max(64);

/**
 * Bounds keep every counter far inside a 32-bit integer column, however many lines of one sku
 * a request sums (at most MAX_LINES x MAX_LINE_QUANTITY).
 */
export const MAX_LINE_QUANTITY = 1_000_000;
export const MAX_LINES = 100;
export const MAX_AVAILABLE = 1_000_000_000;

export const quantitySchema = z.number().int().positive().max(MAX_LINE_QUANTITY);

/** A command about one order (ReleaseStock, CommitStock). */
export const orderCommandSchema = z.object({ orderId: orderIdSchema });
