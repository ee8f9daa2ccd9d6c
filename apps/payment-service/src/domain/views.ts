import { AccountView, PaymentView } from '@railyard/contracts';
import { AccountEntity } from './account.entity';
import { PaymentEntity } from './payment.entity';

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
