import { PaymentFailureReason } from '@railyard/contracts';

/** The contract's failure reasons, named once so rules and tests cannot misspell them. */
export const PaymentFailure = {
  insufficientFunds: 'insufficient funds',
  unknownAccount: 'unknown account',
  orderRefunded: 'order refunded',
} as const satisfies Record<string, PaymentFailureReason>;
