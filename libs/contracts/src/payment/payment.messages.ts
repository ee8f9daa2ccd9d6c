import { z } from 'zod/v4';
import { defineCommand, defineEvent, defineQuery } from '../contract/message-contract';
import { minorUnits, textId, timestamp } from '../fields';
import { MONEY_LIMITS } from '../money';

/** payment-service: what it consumes, emits and answers. Amounts in minor units. */

const byOrder = z.object({ orderId: textId });
const balance = minorUnits(MONEY_LIMITS.maxBalance);
/** What a charge or a refund moves: at most an order's total. */
const orderAmount = minorUnits(MONEY_LIMITS.maxOrderTotal);

export const paymentFailureReason = z.enum([
  'insufficient funds',
  'unknown account',
  'order refunded',
]);
export type PaymentFailureReason = z.output<typeof paymentFailureReason>;

export const accountView = z.object({
  customerId: textId,
  balance: minorUnits(Number.MAX_SAFE_INTEGER),
});
export type AccountView = z.output<typeof accountView>;

export const paymentView = z.object({
  type: z.enum(['CHARGE', 'REFUND']),
  amount: orderAmount,
  transactionId: textId,
  createdAt: timestamp,
});
export type PaymentView = z.output<typeof paymentView>;

export const Charge = defineCommand({
  type: 'payment.charge',
  service: 'payment',
  summary:
    "Take an order's total from its customer; answered by PaymentCompleted or PaymentFailed.",
  payload: z.object({ orderId: textId, customerId: textId, amount: orderAmount }),
});
export type Charge = z.output<typeof Charge.payload>;

export const Refund = defineCommand({
  type: 'payment.refund',
  service: 'payment',
  summary: "Give an order's charge back; answered by PaymentRefunded.",
  payload: byOrder,
});
export type Refund = z.output<typeof Refund.payload>;

export const PaymentCompleted = defineEvent({
  type: 'payment.completed',
  service: 'payment',
  summary: "The order's total was taken.",
  payload: z.object({ orderId: textId, transactionId: textId, amount: orderAmount }),
});
export type PaymentCompleted = z.output<typeof PaymentCompleted.payload>;

export const PaymentFailed = defineEvent({
  type: 'payment.failed',
  service: 'payment',
  summary: 'Nothing was taken for the order.',
  payload: z.object({ orderId: textId, reason: paymentFailureReason }),
});
export type PaymentFailed = z.output<typeof PaymentFailed.payload>;

export const PaymentRefunded = defineEvent({
  type: 'payment.refunded',
  service: 'payment',
  summary: "The order's charge was given back.",
  payload: z.object({
    orderId: textId,
    /** Absent, with amount 0, when nothing had been charged (the order can no longer be charged). */
    transactionId: textId.optional(),
    amount: orderAmount,
  }),
});
export type PaymentRefunded = z.output<typeof PaymentRefunded.payload>;

export const SetAccount = defineCommand({
  type: 'payment.account.set',
  service: 'payment',
  summary: "Set a customer's balance (an operator's command).",
  payload: z.object({ customerId: textId, balance }),
  result: accountView,
});
export type SetAccount = z.output<typeof SetAccount.payload>;

export const GetAccount = defineQuery({
  type: 'payment.account.get',
  service: 'payment',
  summary: "A customer's balance.",
  payload: z.object({ customerId: textId }),
  result: accountView,
});
export type GetAccount = z.output<typeof GetAccount.payload>;

export const ListOrderPayments = defineQuery({
  type: 'payment.order-payments.list',
  service: 'payment',
  summary: "An order's charges and refunds, oldest first.",
  payload: byOrder,
  result: z.array(paymentView),
});
export type ListOrderPayments = z.output<typeof ListOrderPayments.payload>;
