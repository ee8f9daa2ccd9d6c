import { fromMinorUnits, linesTotal, MONEY_LIMITS } from '@railyard/contracts';
import { ValidateBy } from 'class-validator';
import { hasWholeCents } from '../../shared/amount.validators';

interface PricedLine {
  quantity: number;
  unitPrice: number;
}

function isPricedLine(value: unknown): value is PricedLine {
  if (typeof value !== 'object' || value === null) return false;
  const { quantity, unitPrice } = value as Record<string, unknown>;
  return Number.isSafeInteger(quantity) && hasWholeCents(unitPrice);
}

/**
 * The order total (quantity × unitPrice over the lines) within MONEY_LIMITS.maxOrderTotal, summed
 * in minor units as order-service sums it. Lines that are malformed themselves are left to their
 * own validators.
 */
export function isOrderTotalWithinCap(items: unknown): boolean {
  if (!Array.isArray(items) || !items.every(isPricedLine)) return true;
  const total = linesTotal(
    items.map((line) => ({
      quantity: line.quantity,
      unitPrice: Math.round(line.unitPrice * 100),
    })),
  );
  return total !== undefined && total <= MONEY_LIMITS.maxOrderTotal;
}

export function HasOrderTotalWithinCap() {
  return ValidateBy({
    name: 'hasOrderTotalWithinCap',
    validator: {
      validate: isOrderTotalWithinCap,
      defaultMessage: () =>
        `the order total must not be greater than ${fromMinorUnits(MONEY_LIMITS.maxOrderTotal)}`,
    },
  });
}
