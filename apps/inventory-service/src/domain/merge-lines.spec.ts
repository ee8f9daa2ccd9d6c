import { mergeLines } from './merge-lines';

describe('mergeLines', () => {
  it('sums the quantities of lines that name the same sku', () => {
    expect(
      mergeLines([
        { sku: 'A', quantity: 2 },
        { sku: 'B', quantity: 1 },
        { sku: 'A', quantity: 3 },
      ]),
    ).toEqual([
      { sku: 'A', quantity: 5 },
      { sku: 'B', quantity: 1 },
    ]);
  });

  it('sorts by sku so stored lines and replies do not depend on the request order', () => {
    expect(
      mergeLines([
        { sku: 'c', quantity: 1 },
        { sku: 'a', quantity: 1 },
        { sku: 'b', quantity: 1 },
      ]).map((line) => line.sku),
    ).toEqual(['a', 'b', 'c']);
  });

  it('returns an empty list for no lines and does not touch its input', () => {
    const input = [{ sku: 'A', quantity: 1 }];
    expect(mergeLines([])).toEqual([]);
    mergeLines(input);
    expect(input).toEqual([{ sku: 'A', quantity: 1 }]);
  });
});
