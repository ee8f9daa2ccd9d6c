import { ReserveReply, stockReservationFailed, stockReserved } from './inventory-replies';
import { ReservationRecord } from './reservation-record';

export type ReserveDecision = { action: 'reserve' } | { action: 'answer'; reply: ReserveReply };

/**
 * A ReserveStock is planned only for an order with no record; otherwise it is answered from the
 * record and changes nothing, so a saga's retry never reserves twice.
 */
export function decideReserve(record: ReservationRecord | undefined): ReserveDecision {
  if (!record) return { action: 'reserve' };
  const { orderId } = record;
  switch (record.status) {
    // COMMITTED: the reservation succeeded and the goods have since gone; the decision stands.
    case 'RESERVED':
    case 'COMMITTED':
      return { action: 'answer', reply: stockReserved(orderId, record.lines) };
    case 'FAILED':
      return {
        action: 'answer',
        reply: stockReservationFailed(
          orderId,
          record.reason ?? 'insufficient stock',
          record.failedSkus,
        ),
      };
    case 'RELEASED':
      // Also after a reservation that was later released: answering "reserved" would claim stock
      // this service no longer holds for the order.
      return { action: 'answer', reply: stockReservationFailed(orderId, 'order released', []) };
  }
}
