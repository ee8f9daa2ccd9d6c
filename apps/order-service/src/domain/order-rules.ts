import { createHash } from 'node:crypto';
import { OrderLine, OrderStatus } from '@railyard/contracts';
import { CodedError } from '@railyard/platform';

/** Sum of quantity × unit price, in minor units; refuses totals beyond exact integers. */
export function orderTotal(items: readonly OrderLine[]): number {
  const total = items.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
  if (!Number.isSafeInteger(total)) {
    throw new CodedError('INVALID_ORDER', 'order total is too large to be exact');
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
