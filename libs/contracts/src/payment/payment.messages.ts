import { MinorUnits } from '../money';

/** payment-service: what it consumes, emits and answers. Amounts in minor units. */
export const PaymentCommands = {
  charge: 'payment.charge',
  refund: 'payment.refund',
} as const;

export const PaymentEvents = {
  paymentCompleted: 'payment.completed',
  paymentFailed: 'payment.failed',
  paymentRefunded: 'payment.refunded',
} as const;

export const PaymentQueries = {
  setAccount: 'payment.account.set',
  getAccount: 'payment.account.get',
  listOrderPayments: 'payment.order-payments.list',
} as const;

export interface Charge {
  orderId: string;
  customerId: string;
  amount: MinorUnits;
}

export interface Refund {
  orderId: string;
}

export type PaymentFailureReason = 'insufficient funds' | 'unknown account' | 'order refunded';

export interface PaymentCompleted {
  orderId: string;
  transactionId: string;
  amount: MinorUnits;
}

export interface PaymentFailed {
  orderId: string;
  reason: PaymentFailureReason;
}

export interface PaymentRefunded {
  orderId: string;
  /** Absent, with amount 0, when nothing had been charged (the order can no longer be charged). */
  transactionId?: string;
  amount: MinorUnits;
}

export interface SetAccount {
  customerId: string;
  balance: MinorUnits;
}

export interface AccountView {
  customerId: string;
  balance: MinorUnits;
}

export interface PaymentView {
  type: 'CHARGE' | 'REFUND';
  amount: MinorUnits;
  transactionId: string;
  createdAt: string;
}
