import { StockLine } from '@railyard/contracts';
import { CommitReply, stockCommitted } from './inventory-replies';
import { ReservationRecord } from './reservation-record';

export type CommitDecision =
  { action: 'commit'; lines: StockLine[] } | { action: 'answer'; reply: CommitReply };

/**
 * Only a RESERVED order commits. Every other case answers StockCommitted and changes nothing:
 * a repeat is told the committed lines again; an order that holds nothing (never reserved,
 * failed or released) gets EMPTY items, so the sender always hears back and can tell that no
 * goods left. No record is created for an unknown order: a commit is not a compensation, and a
 * saga only commits after it heard StockReserved.
 */
export function decideCommit(
  orderId: string,
  record: ReservationRecord | undefined,
): CommitDecision {
  if (record?.status === 'RESERVED') return { action: 'commit', lines: record.lines };
  if (record?.status === 'COMMITTED') {
    return { action: 'answer', reply: stockCommitted(orderId, record.lines) };
  }
  return { action: 'answer', reply: stockCommitted(orderId, []) };
}
