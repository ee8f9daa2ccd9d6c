import { StockLine } from '@railyard/contracts';
import { mergeLines } from './merge-lines';
import { StockLevel } from './stock-level';

export type ReservationPlan =
  | { ok: true; lines: StockLine[] }
  | { ok: false; lines: StockLine[]; reason: 'unknown sku' | 'insufficient stock'; skus: string[] };

/**
 * All or nothing over the whole request, repeated skus summed first. Unknown skus are reported
 * before shortages: no restock can fix an unknown sku, so it is the more useful answer.
 */
export function planReservation(
  levels: readonly StockLevel[],
  requested: readonly StockLine[],
): ReservationPlan {
  const lines = mergeLines(requested);
  const bySku = new Map(levels.map((level) => [level.sku, level]));
  const unknown = lines.filter((line) => !bySku.has(line.sku)).map((line) => line.sku);
  if (unknown.length > 0) return { ok: false, lines, reason: 'unknown sku', skus: unknown };
  const short = lines
    .filter((line) => (bySku.get(line.sku) as StockLevel).available < line.quantity)
    .map((line) => line.sku);
  if (short.length > 0) return { ok: false, lines, reason: 'insufficient stock', skus: short };
  return { ok: true, lines };
}
