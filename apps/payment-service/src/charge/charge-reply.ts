import { ContractMessage, PaymentCompleted, PaymentFailed } from '@railyard/contracts';

/** The event a Charge is answered with: every Charge gets exactly one, replays included. */
export type ChargeReply =
  ContractMessage<typeof PaymentCompleted> | ContractMessage<typeof PaymentFailed>;
