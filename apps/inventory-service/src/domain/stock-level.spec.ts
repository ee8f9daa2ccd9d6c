import {
  commitUnits,
  moveLines,
  releaseUnits,
  reserveUnits,
  StockInvariantError,
  StockLevel,
} from './stock-level';

const level = (available: number, reserved = 0, committed = 0): StockLevel => ({
  sku: 'A',
  available,
  reserved,
  committed,
});

describe('stock level moves', () => {
  it('reserveUnits moves units from available to reserved', () => {
    expect(reserveUnits(level(5), 3)).toEqual(level(2, 3));
  });

  it('releaseUnits moves units from reserved back to available', () => {
    expect(releaseUnits(level(2, 3), 3)).toEqual(level(5, 0));
  });

  it('commitUnits moves units from reserved to committed', () => {
    expect(commitUnits(level(2, 3), 2)).toEqual(level(2, 1, 2));
  });

  it('never drives a counter negative', () => {
    expect(() => reserveUnits(level(2), 3)).toThrow(StockInvariantError);
    expect(() => releaseUnits(level(5, 1), 2)).toThrow(StockInvariantError);
    expect(() => commitUnits(level(5, 1), 2)).toThrow(StockInvariantError);
  });

  it('refuses quantities that are not positive integers', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => reserveUnits(level(5), bad)).toThrow(StockInvariantError);
    }
  });

  it('keeps available + reserved + committed constant', () => {
    const moved = commitUnits(releaseUnits(reserveUnits(level(10), 6), 2), 3);
    expect(moved.available + moved.reserved + moved.committed).toBe(10);
  });

  it('does not mutate the level it was given', () => {
    const before = level(5);
    reserveUnits(before, 1);
    expect(before).toEqual(level(5));
  });
});

describe('moveLines', () => {
  const levels: StockLevel[] = [
    { sku: 'A', available: 5, reserved: 0, committed: 0 },
    { sku: 'B', available: 5, reserved: 0, committed: 0 },
    { sku: 'C', available: 5, reserved: 0, committed: 0 },
  ];

  it('applies the move to each line and returns only the touched levels', () => {
    expect(
      moveLines(
        levels,
        [
          { sku: 'A', quantity: 1 },
          { sku: 'C', quantity: 5 },
        ],
        reserveUnits,
      ),
    ).toEqual([
      { sku: 'A', available: 4, reserved: 1, committed: 0 },
      { sku: 'C', available: 0, reserved: 5, committed: 0 },
    ]);
  });

  it('applies repeated lines of one sku cumulatively', () => {
    const [a] = moveLines(
      levels,
      [
        { sku: 'A', quantity: 2 },
        { sku: 'A', quantity: 3 },
      ],
      reserveUnits,
    );
    expect(a).toEqual({ sku: 'A', available: 0, reserved: 5, committed: 0 });
  });

  it('fails on a sku it has no level for', () => {
    expect(() => moveLines(levels, [{ sku: 'Z', quantity: 1 }], reserveUnits)).toThrow(
      StockInvariantError,
    );
  });
});
