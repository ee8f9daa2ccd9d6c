import { StockLine } from '@railyard/contracts';

/**
 * One line per sku, quantities summed, sorted by sku. A stable order keeps replies and stored
 * lines deterministic, whatever order the order service listed its items in.
 */
export function mergeLines(lines: readonly StockLine[]): StockLine[] {
  const totals = new Map<string, number>();
  for (const { sku, quantity } of lines) totals.set(sku, (totals.get(sku) ?? 0) + quantity);
  return [...totals]
    .map(([sku, quantity]) => ({ sku, quantity }))
    .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}
