import { z } from 'zod';
import { MONEY_LIMITS } from '@railyard/contracts';

/** Ids are opaque text; the bound matches the columns so a long one is refused, not truncated. */
export const idField = z.string().min(1).max(64);

/** Integer minor units up to `max` (a contracts cap): a fraction of a cent is refused. */
const minorUnitsUpTo = (max: number) => z.number().int().nonnegative().safe().max(max);

/** An account's balance as an operator sets it. */
export const balanceField = minorUnitsUpTo(MONEY_LIMITS.maxBalance);

/** What a charge takes: an order's total. */
export const chargeAmountField = minorUnitsUpTo(MONEY_LIMITS.maxOrderTotal);
