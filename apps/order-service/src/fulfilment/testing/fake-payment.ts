import {
  Charge,
  MinorUnits,
  PaymentCompleted,
  PaymentFailed,
  PaymentFailureReason,
  PaymentRefunded,
  Refund,
  replyHeaders,
} from '@railyard/contracts';
import { BusMessage } from './simulated-network';

/** One decision per order: charged, refused, or voided by a Refund that came first. */
type PaymentDecision =
  | { status: 'COMPLETED'; transactionId: string }
  | { status: 'FAILED'; reason: PaymentFailureReason }
  | { status: 'VOIDED' };

export interface LedgerEntry {
  kind: 'CHARGE' | 'REFUND';
  orderId: string;
  customerId: string;
  amount: MinorUnits;
  transactionId: string;
}

type Reply = Omit<BusMessage, 'headers'>;

/**
 * payment-service's contract in memory: a Charge is decided at most once per order and a repeat
 * answers that decision; a Refund gives back exactly what was charged, once; a Refund before any
 * Charge voids the order. Every money movement is in `ledger`. Replies carry `reply-*` headers.
 */
export class FakePayment {
  readonly balances: Map<string, MinorUnits>;
  readonly decisions = new Map<string, PaymentDecision>();
  readonly ledger: LedgerEntry[] = [];

  constructor(accounts: Record<string, MinorUnits>) {
    this.balances = new Map(Object.entries(accounts));
  }

  readonly handle = (command: BusMessage): BusMessage => ({
    ...this.answer(command),
    headers: replyHeaders(command.headers),
  });

  private answer({ type, payload }: BusMessage): Reply {
    if (type === Charge.type) return this.charge(payload as Charge);
    if (type === Refund.type) return this.refund(payload as Refund);
    throw new Error(`payment does not handle ${type}`);
  }

  private charge({ orderId, customerId, amount }: Charge): Reply {
    const decided = this.decisions.get(orderId);
    if (decided?.status === 'COMPLETED') return completed(orderId, this.entry(orderId, 'CHARGE'));
    if (decided)
      return failed(orderId, decided.status === 'VOIDED' ? 'order refunded' : decided.reason);
    const balance = this.balances.get(customerId);
    const refusal: PaymentFailureReason | undefined =
      balance === undefined
        ? 'unknown account'
        : balance < amount
          ? 'insufficient funds'
          : undefined;
    if (refusal) {
      this.decisions.set(orderId, { status: 'FAILED', reason: refusal });
      return failed(orderId, refusal);
    }
    const entry = this.book('CHARGE', orderId, customerId, amount);
    this.decisions.set(orderId, { status: 'COMPLETED', transactionId: entry.transactionId });
    return completed(orderId, entry);
  }

  private refund({ orderId }: Refund): Reply {
    const decided = this.decisions.get(orderId);
    if (!decided) this.decisions.set(orderId, { status: 'VOIDED' });
    if (decided?.status !== 'COMPLETED') {
      return { type: PaymentRefunded.type, payload: { orderId, amount: 0 } };
    }
    const charge = this.entry(orderId, 'CHARGE');
    const refund =
      this.ledger.find((e) => e.orderId === orderId && e.kind === 'REFUND') ??
      this.book('REFUND', orderId, charge.customerId, charge.amount);
    const { transactionId, amount } = refund;
    return { type: PaymentRefunded.type, payload: { orderId, transactionId, amount } };
  }

  private book(kind: LedgerEntry['kind'], orderId: string, customerId: string, amount: number) {
    const balance = this.balances.get(customerId) as number;
    this.balances.set(customerId, kind === 'CHARGE' ? balance - amount : balance + amount);
    const entry = {
      kind,
      orderId,
      customerId,
      amount,
      transactionId: `tx-${this.ledger.length + 1}`,
    };
    this.ledger.push(entry);
    return entry;
  }

  private entry(orderId: string, kind: LedgerEntry['kind']): LedgerEntry {
    const found = this.ledger.find((e) => e.orderId === orderId && e.kind === kind);
    if (!found) throw new Error(`${orderId} has no ${kind}`);
    return found;
  }
}

function completed(orderId: string, { transactionId, amount }: LedgerEntry): Reply {
  return { type: PaymentCompleted.type, payload: { orderId, transactionId, amount } };
}

function failed(orderId: string, reason: PaymentFailureReason): Reply {
  return { type: PaymentFailed.type, payload: { orderId, reason } };
}
