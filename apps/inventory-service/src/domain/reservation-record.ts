import { ReservationStatus, StockLine, StockReservationFailureReason } from '@railyard/contracts';
import { ReservationPlan } from './plan-reservation';

/** What is known about one order: the decision taken for it and the lines it asked for. */
export interface ReservationRecord {
  orderId: string;
  status: ReservationStatus;
  reason: StockReservationFailureReason | null;
  /** The skus a failure names (empty otherwise). */
  failedSkus: string[];
  /** The request, merged per sku; empty when the order was closed before any request. */
  lines: StockLine[];
}

/** The decision a first ReserveStock records. */
export function recordOfPlan(orderId: string, plan: ReservationPlan): ReservationRecord {
  return plan.ok
    ? { orderId, status: 'RESERVED', reason: null, failedSkus: [], lines: plan.lines }
    : { orderId, status: 'FAILED', reason: plan.reason, failedSkus: plan.skus, lines: plan.lines };
}

/**
 * A ReleaseStock that overtook its ReserveStock (bus reordering, or a saga that gave up waiting)
 * closes the order, so the late reservation is refused instead of holding stock forever.
 */
export function closedRecord(orderId: string): ReservationRecord {
  return { orderId, status: 'RELEASED', reason: 'order released', failedSkus: [], lines: [] };
}
