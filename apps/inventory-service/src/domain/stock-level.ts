import { StockLine } from '@railyard/contracts';

/** The counters of one sku. Units only move between them; none may go below zero. */
export interface StockLevel {
  sku: string;
  available: number;
  reserved: number;
  committed: number;
}

/** A unit move that would drive a counter negative: a bug or corrupt data, never a business case. */
export class StockInvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StockInvariantError';
  }
}

/** available → reserved */
export function reserveUnits(level: StockLevel, quantity: number): StockLevel {
  requireUnits(level, 'available', quantity);
  return { ...level, available: level.available - quantity, reserved: level.reserved + quantity };
}

/** reserved → available (the order was cancelled) */
export function releaseUnits(level: StockLevel, quantity: number): StockLevel {
  requireUnits(level, 'reserved', quantity);
  return { ...level, reserved: level.reserved - quantity, available: level.available + quantity };
}

/** reserved → committed (the order was confirmed; the goods are gone) */
export function commitUnits(level: StockLevel, quantity: number): StockLevel {
  requireUnits(level, 'reserved', quantity);
  return { ...level, reserved: level.reserved - quantity, committed: level.committed + quantity };
}

/** Applies `move` to the level of each line's sku; returns only the levels that changed. */
export function moveLines(
  levels: readonly StockLevel[],
  lines: readonly StockLine[],
  move: (level: StockLevel, quantity: number) => StockLevel,
): StockLevel[] {
  const bySku = new Map(levels.map((level) => [level.sku, level]));
  for (const { sku, quantity } of lines) {
    const level = bySku.get(sku);
    if (!level) throw new StockInvariantError(`no stock level for ${sku}`);
    bySku.set(sku, move(level, quantity));
  }
  const touched = new Set(lines.map((line) => line.sku));
  return [...bySku.values()].filter((level) => touched.has(level.sku));
}

function requireUnits(level: StockLevel, counter: 'available' | 'reserved', quantity: number) {
  if (!Number.isInteger(quantity) || quantity <= 0) {
    throw new StockInvariantError(`cannot move ${quantity} units of ${level.sku}`);
  }
  if (level[counter] < quantity) {
    throw new StockInvariantError(
      `${level.sku}: ${counter} ${level[counter]} cannot give ${quantity} units`,
    );
  }
}
