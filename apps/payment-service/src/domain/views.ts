import { AccountView, PaymentView } from '@railyard/contracts';
import type { AccountEntity } from '../database/account.entity';
import type { PaymentEntity } from '../database/payment.entity';

/** Entities never leave the service; callers get the contract's views. */
export function toAccountView({ customerId, balance }: AccountEntity): AccountView {
  return { customerId, balance };
}

export function toPaymentView({
  type,
  amount,
  transactionId,
  createdAt,
}: PaymentEntity): PaymentView {
  return { type, amount, transactionId, createdAt };
}
