import { StockLine } from '@railyard/contracts';
import { ReleaseReply, stockReleased } from './inventory-replies';
import { ReservationRecord } from './reservation-record';

export type ReleaseDecision =
  | { action: 'close' }
  | { action: 'release'; lines: StockLine[] }
  | { action: 'answer'; reply: ReleaseReply };

/**
 * ReleaseStock always gets a StockReleased (a compensating saga must hear back), but only the
 * first one for a RESERVED order moves stock.
 */
export function decideRelease(
  orderId: string,
  record: ReservationRecord | undefined,
): ReleaseDecision {
  if (!record) return { action: 'close' };
  switch (record.status) {
    case 'RESERVED':
      return { action: 'release', lines: record.lines };
    case 'RELEASED':
      // A repeat is told again what the first release gave back (empty for a closed order).
      return { action: 'answer', reply: stockReleased(orderId, record.lines) };
    case 'FAILED':
      // Nothing was held. The record keeps its failure reason, which a late retry then gets.
      return { action: 'answer', reply: stockReleased(orderId, []) };
    case 'COMMITTED':
      // The goods left with a confirmed order; a release cannot bring them back.
      return { action: 'answer', reply: stockReleased(orderId, []) };
  }
}
