import { PaymentFailureReason } from '@railyard/contracts';
import { DecisionStatus } from './decision-status';
import { debit } from './minor-units';
import { PaymentFailure } from './payment-failure';

export interface RecordedDecision {
  status: DecisionStatus;
  reason: PaymentFailureReason | null;
  transactionId: string | null;
}

export interface ChargeFacts {
  /** What was already decided for this order, if anything. */
  decision: RecordedDecision | null;
  /** The customer's balance; null when there is no such account. */
  balance: number | null;
  amount: number;
}

export type ChargeDecision =
  /** Decided before: answer the same transaction, move nothing. */
  | { kind: 'replay-completed'; transactionId: string }
  /** Decided before (or closed by a refund): answer the same failure, move nothing. */
  | { kind: 'replay-failed'; reason: PaymentFailureReason }
  | { kind: 'charge'; balanceAfter: number }
  | { kind: 'refuse'; reason: PaymentFailureReason };

/** At most one decision per order: an earlier one always wins over the current facts. */
export function decideCharge({ decision, balance, amount }: ChargeFacts): ChargeDecision {
  if (decision) return replay(decision);
  if (balance === null) return { kind: 'refuse', reason: PaymentFailure.unknownAccount };
  if (amount > balance) return { kind: 'refuse', reason: PaymentFailure.insufficientFunds };
  return { kind: 'charge', balanceAfter: debit(balance, amount) };
}

function replay(decision: RecordedDecision): ChargeDecision {
  switch (decision.status) {
    case 'COMPLETED':
      if (!decision.transactionId) throw new Error('a COMPLETED decision has no transaction');
      return { kind: 'replay-completed', transactionId: decision.transactionId };
    case 'VOIDED':
      return { kind: 'replay-failed', reason: PaymentFailure.orderRefunded };
    case 'FAILED':
      if (!decision.reason) throw new Error('a FAILED decision has no reason');
      return { kind: 'replay-failed', reason: decision.reason };
  }
}
