import { fromMinorUnits, majorUnits, paymentView, PaymentView } from '@railyard/contracts';
import { z } from 'zod/v4';
import { apiSchema } from '../http/api-schemas';

/** One charge or refund as payment-service lists it, its amount in major units. */
export const paymentResponse = apiSchema(
  'PaymentResponse',
  paymentView.extend({ amount: majorUnits(paymentView.shape.amount) }),
);
export type PaymentResponse = z.output<typeof paymentResponse>;

export function toPaymentResponse(view: PaymentView): PaymentResponse {
  return {
    type: view.type,
    amount: fromMinorUnits(view.amount),
    transactionId: view.transactionId,
    createdAt: view.createdAt,
  };
}
