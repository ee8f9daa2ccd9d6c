import { planReservation } from './plan-reservation';
import { StockLevel } from './stock-level';

const stock = (sku: string, available: number): StockLevel => ({
  sku,
  available,
  reserved: 0,
  committed: 0,
});

describe('planReservation', () => {
  const levels = [stock('A', 5), stock('B', 2), stock('C', 0)];

  it('reserves when every line has enough available stock', () => {
    expect(
      planReservation(levels, [
        { sku: 'B', quantity: 2 },
        { sku: 'A', quantity: 5 },
      ]),
    ).toEqual({
      ok: true,
      lines: [
        { sku: 'A', quantity: 5 },
        { sku: 'B', quantity: 2 },
      ],
    });
  });

  it('is all or nothing: one short line fails the whole request, naming that sku', () => {
    expect(
      planReservation(levels, [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 3 },
      ]),
    ).toMatchObject({ ok: false, reason: 'insufficient stock', skus: ['B'] });
  });

  it('names every short sku', () => {
    expect(
      planReservation(levels, [
        { sku: 'A', quantity: 6 },
        { sku: 'C', quantity: 1 },
      ]),
    ).toMatchObject({ ok: false, reason: 'insufficient stock', skus: ['A', 'C'] });
  });

  it('sums repeated skus before checking: 3 + 3 of A exceeds 5', () => {
    expect(
      planReservation(levels, [
        { sku: 'A', quantity: 3 },
        { sku: 'A', quantity: 3 },
      ]),
    ).toMatchObject({ ok: false, reason: 'insufficient stock', skus: ['A'] });
    expect(
      planReservation(levels, [
        { sku: 'A', quantity: 2 },
        { sku: 'A', quantity: 3 },
      ]),
    ).toEqual({ ok: true, lines: [{ sku: 'A', quantity: 5 }] });
  });

  it('fails with unknown sku, listing the unknown skus', () => {
    expect(
      planReservation(levels, [
        { sku: 'A', quantity: 1 },
        { sku: 'X', quantity: 1 },
        { sku: 'Y', quantity: 1 },
      ]),
    ).toMatchObject({ ok: false, reason: 'unknown sku', skus: ['X', 'Y'] });
  });

  it('reports unknown skus before shortages', () => {
    expect(
      planReservation(levels, [
        { sku: 'A', quantity: 99 },
        { sku: 'X', quantity: 1 },
      ]),
    ).toMatchObject({ ok: false, reason: 'unknown sku', skus: ['X'] });
  });

  it('keeps the merged request on a failure too (it is recorded)', () => {
    expect(planReservation(levels, [{ sku: 'X', quantity: 1 }])).toMatchObject({
      lines: [{ sku: 'X', quantity: 1 }],
    });
  });

  it('judges by available only: reserved units are not free', () => {
    const held: StockLevel = { sku: 'A', available: 1, reserved: 4, committed: 0 };
    expect(planReservation([held], [{ sku: 'A', quantity: 2 }])).toMatchObject({ ok: false });
  });
});
