import { z } from 'zod/v4';
import { defineCommand, defineEvent, defineQuery } from '../contract/message-contract';
import { lineQuantity, textId } from '../fields';
import { MONEY_LIMITS } from '../money';

/** inventory-service: what it consumes, emits and answers. */

/**
 * A product's available units as an operator sets them. With MONEY_LIMITS.maxLines lines of at
 * most MONEY_LIMITS.maxQuantity units, no counter leaves a 32-bit integer column.
 */
export const MAX_AVAILABLE = 1_000_000_000;

export const stockLine = z.object({ sku: textId, quantity: lineQuantity });
export type StockLine = z.output<typeof stockLine>;

const stockLines = z.array(stockLine);
const byOrder = z.object({ orderId: textId });

export const stockReservationFailureReason = z.enum([
  'insufficient stock',
  'unknown sku',
  'order released',
]);
export type StockReservationFailureReason = z.output<typeof stockReservationFailureReason>;

export const reservationStatus = z.enum(['RESERVED', 'FAILED', 'RELEASED', 'COMMITTED']);
export type ReservationStatus = z.output<typeof reservationStatus>;

export const productView = z.object({
  sku: textId,
  available: z.number().int().min(0),
  reserved: z.number().int().min(0),
});
export type ProductView = z.output<typeof productView>;

export const reservationView = z.object({
  orderId: textId,
  status: reservationStatus,
  items: stockLines,
  reason: z.string().optional(),
});
export type ReservationView = z.output<typeof reservationView>;

export const ReserveStock = defineCommand({
  type: 'inventory.reserve-stock',
  service: 'inventory',
  summary: "Hold an order's units; answered by StockReserved or StockReservationFailed.",
  payload: z.object({
    orderId: textId,
    items: stockLines.min(1).max(MONEY_LIMITS.maxLines),
  }),
});
export type ReserveStock = z.output<typeof ReserveStock.payload>;

export const ReleaseStock = defineCommand({
  type: 'inventory.release-stock',
  service: 'inventory',
  summary: "Give an order's held units back; answered by StockReleased.",
  payload: byOrder,
});
export type ReleaseStock = z.output<typeof ReleaseStock.payload>;

export const CommitStock = defineCommand({
  type: 'inventory.commit-stock',
  service: 'inventory',
  summary: "Turn an order's held units into sold ones; answered by StockCommitted.",
  payload: byOrder,
});
export type CommitStock = z.output<typeof CommitStock.payload>;

export const StockReserved = defineEvent({
  type: 'inventory.stock-reserved',
  service: 'inventory',
  summary: "The order's units are held.",
  payload: z.object({ orderId: textId, items: stockLines }),
});
export type StockReserved = z.output<typeof StockReserved.payload>;

export const StockReservationFailed = defineEvent({
  type: 'inventory.stock-reservation-failed',
  service: 'inventory',
  summary: 'Nothing was held for the order.',
  payload: z.object({
    orderId: textId,
    reason: stockReservationFailureReason,
    /** The skus that caused the failure. */
    skus: z.array(textId),
  }),
});
export type StockReservationFailed = z.output<typeof StockReservationFailed.payload>;

export const StockReleased = defineEvent({
  type: 'inventory.stock-released',
  service: 'inventory',
  summary: "The order's held units are available again.",
  payload: z.object({
    orderId: textId,
    /** What went back to `available`; empty when nothing was reserved. */
    items: stockLines,
  }),
});
export type StockReleased = z.output<typeof StockReleased.payload>;

export const StockCommitted = defineEvent({
  type: 'inventory.stock-committed',
  service: 'inventory',
  summary: "The order's units are sold.",
  payload: z.object({ orderId: textId, items: stockLines }),
});
export type StockCommitted = z.output<typeof StockCommitted.payload>;

export const SetProduct = defineCommand({
  type: 'inventory.product.set',
  service: 'inventory',
  summary: "Set a product's available units (an operator's command).",
  payload: z.object({ sku: textId, available: z.number().int().min(0).max(MAX_AVAILABLE) }),
  result: productView,
});
export type SetProduct = z.output<typeof SetProduct.payload>;

export const GetProduct = defineQuery({
  type: 'inventory.product.get',
  service: 'inventory',
  summary: "A product's available and reserved units.",
  payload: z.object({ sku: textId }),
  result: productView,
});
export type GetProduct = z.output<typeof GetProduct.payload>;

export const GetReservation = defineQuery({
  type: 'inventory.reservation.get',
  service: 'inventory',
  summary: 'What inventory holds for an order.',
  payload: byOrder,
  result: reservationView,
});
export type GetReservation = z.output<typeof GetReservation.payload>;
