import { newGroupStart, uncommittedPartitions } from './kafka-group-start';

describe('where a new consumer group starts', () => {
  it('window looks back as far as unrouted events are held elsewhere; earliest needs no placing', () => {
    expect(newGroupStart('window', 86_400_000)).toEqual({ from: 'since', lookbackMs: 86_400_000 });
    expect(newGroupStart('latest', 86_400_000)).toEqual({ from: 'latest' });
    expect(newGroupStart('earliest', 86_400_000)).toBeUndefined();
  });

  it('places only the assigned partitions without a committed offset', () => {
    const committed = [
      {
        topic: 'a',
        partitions: [
          { partition: 0, offset: '12', metadata: null },
          { partition: 1, offset: '-1', metadata: null },
        ],
      },
    ];
    const assigned = [
      { topic: 'a', partitions: [0, 1] },
      { topic: 'b', partitions: [2] },
      { topic: 'c', partitions: [] },
    ];
    expect(uncommittedPartitions(assigned, committed)).toEqual([
      { topic: 'a', partitions: [1] },
      { topic: 'b', partitions: [2] },
    ]);
  });
});
