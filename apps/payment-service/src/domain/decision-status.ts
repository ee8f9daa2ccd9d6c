/**
 * What was decided for an order, once and for all:
 * - COMPLETED: charged (transaction id of the CHARGE);
 * - FAILED: refused (reason), never to be charged;
 * - VOIDED: a Refund came before any Charge, so the order is closed to charges.
 */
export const DECISION_STATUSES = ['COMPLETED', 'FAILED', 'VOIDED'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

export const PAYMENT_TYPES = ['CHARGE', 'REFUND'] as const;
export type PaymentType = (typeof PAYMENT_TYPES)[number];
