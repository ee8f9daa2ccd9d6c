import { createHash } from 'node:crypto';
import { linesTotal, MONEY_LIMITS, OrderLine, OrderStatus } from '@railyard/contracts';
import { CodedError } from '@railyard/platform';

/** Sum of quantity × unit price, in minor units; refuses a total above the order cap. */
export function orderTotal(items: readonly OrderLine[]): number {
  const total = linesTotal(items);
  if (total === undefined || total > MONEY_LIMITS.maxOrderTotal) {
    throw new CodedError(
      'INVALID_ORDER',
      `the order total must be at most ${MONEY_LIMITS.maxOrderTotal} minor units`,
    );
  }
  return total;
}

/** PENDING → CONFIRMED | CANCELLED; the terminal states never change. */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return from === 'PENDING' && (to === 'CONFIRMED' || to === 'CANCELLED');
}

/**
 * What an idempotency key is bound to: the same key with this same fingerprint is a retry; with
 * another one it is a conflict. Key order and line order both matter (a different order is a
 * different request).
 */
export function requestFingerprint(customerId: string, items: readonly OrderLine[]): string {
  const canonical = JSON.stringify([
    customerId,
    items.map((l) => [l.sku, l.quantity, l.unitPrice]),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
