import { RecordedDecision } from './decide-charge';

export interface RefundFacts {
  decision: RecordedDecision | null;
  /** The order's CHARGE payment, when it was charged. */
  charge: { customerId: string; amount: number } | null;
  /** The order's REFUND payment, when it was already refunded. */
  refund: { transactionId: string; amount: number } | null;
}

export type RefundDecision =
  /** Nothing decided yet: close the order so a late Charge is refused; nothing to give back. */
  | { kind: 'void' }
  /** Refused or already voided: no money was taken, none is given back. */
  | { kind: 'nothing-charged' }
  /** Given back before: answer the same refund, move nothing. */
  | { kind: 'replay-refunded'; transactionId: string; amount: number }
  /** Give back exactly what was charged, to the account it was taken from. */
  | { kind: 'refund'; customerId: string; amount: number };

export function decideRefund({ decision, charge, refund }: RefundFacts): RefundDecision {
  if (!decision) return { kind: 'void' };
  if (decision.status !== 'COMPLETED') return { kind: 'nothing-charged' };
  if (refund) return { kind: 'replay-refunded', ...refund };
  if (!charge) throw new Error('a COMPLETED decision has no CHARGE payment');
  return { kind: 'refund', customerId: charge.customerId, amount: charge.amount };
}
