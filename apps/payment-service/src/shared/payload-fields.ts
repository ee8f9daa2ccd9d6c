import { z } from 'zod';

/** Ids are opaque text; the bound matches the columns so a long one is refused, not truncated. */
export const idField = z.string().min(1).max(64);

/** Integer minor units: a fraction of a cent or an inexact (unsafe) integer is refused. */
export const minorUnitsField = z.number().int().nonnegative().safe();
