import { PaymentCompleted, PaymentEvents, PaymentFailed } from '@railyard/contracts';

/** The event a Charge is answered with: every Charge gets exactly one, replays included. */
export type ChargeReply =
  | { type: typeof PaymentEvents.paymentCompleted; payload: PaymentCompleted }
  | { type: typeof PaymentEvents.paymentFailed; payload: PaymentFailed };
