import type { Consumer, TopicPartitionOffsetAndMetadata } from 'kafkajs';
import { OffsetCommits } from './offset-commits';

/** Records the commits a consumer was asked for; can be told to refuse the next one. */
function fakeConsumer() {
  const commits: TopicPartitionOffsetAndMetadata[][] = [];
  let refuseNext = false;
  const consumer = {
    commitOffsets: jest.fn(async (offsets: TopicPartitionOffsetAndMetadata[]) => {
      if (refuseNext) {
        refuseNext = false;
        throw new Error('REBALANCE_IN_PROGRESS');
      }
      commits.push(offsets);
    }),
  };
  return { consumer: consumer as unknown as Consumer, commits, refuse: () => (refuseNext = true) };
}

describe('OffsetCommits', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('commits the successor of the last handled offset per partition, once per interval', async () => {
    const { consumer, commits } = fakeConsumer();
    const offsets = new OffsetCommits(consumer, 1_000, () => undefined);
    offsets.handled('orders', 0, '41');
    offsets.handled('orders', 0, '42');
    offsets.handled('orders', 1, '7');
    expect(commits).toEqual([]);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(commits).toEqual([
      [
        { topic: 'orders', partition: 0, offset: '43' },
        { topic: 'orders', partition: 1, offset: '8' },
      ],
    ]);
    await jest.advanceTimersByTimeAsync(5_000);
    expect(commits).toHaveLength(1); // nothing new handled: no request
  });

  it('keeps what a refused commit held, unless a later offset came meanwhile', async () => {
    const { consumer, commits, refuse } = fakeConsumer();
    const offsets = new OffsetCommits(consumer, 1_000, () => undefined);
    offsets.handled('orders', 0, '9');
    offsets.handled('orders', 1, '3');
    refuse();
    const refused = offsets.flush();
    await Promise.resolve(); // the commit is in flight: pending was taken
    offsets.handled('orders', 0, '11');
    await expect(refused).rejects.toThrow('REBALANCE_IN_PROGRESS');
    await offsets.flush();
    expect(commits).toHaveLength(1);
    expect(commits[0]).toEqual(
      expect.arrayContaining([
        { topic: 'orders', partition: 0, offset: '12' },
        { topic: 'orders', partition: 1, offset: '4' },
      ]),
    );
    expect(commits[0]).toHaveLength(2);
  });

  it('commits a placed start at once, as it is (the next offset to read)', async () => {
    const { consumer, commits } = fakeConsumer();
    await new OffsetCommits(consumer, 1_000, () => undefined).placed('orders', 2, '100');
    expect(commits).toEqual([[{ topic: 'orders', partition: 2, offset: '100' }]]);
  });

  it('forgets partitions a rebalance gave to another member', async () => {
    const { consumer, commits } = fakeConsumer();
    const offsets = new OffsetCommits(consumer, 1_000, () => undefined);
    offsets.handled('orders', 0, '1');
    offsets.handled('orders', 1, '1');
    offsets.handled('payments', 0, '1');
    offsets.keepOnly({ orders: [1] });
    await offsets.flush();
    expect(commits).toEqual([[{ topic: 'orders', partition: 1, offset: '2' }]]);
  });

  it('sends one commit at a time: a flush asked during one waits, then sends what came since', async () => {
    const { consumer, commits } = fakeConsumer();
    const offsets = new OffsetCommits(consumer, 1_000, () => undefined);
    offsets.handled('orders', 0, '1');
    const first = offsets.flush();
    await Promise.resolve(); // the first commit took offset 2 and is in flight
    offsets.handled('orders', 0, '2');
    const second = offsets.flush();
    await Promise.all([first, second]);
    expect(commits.map((batch) => batch.map((next) => next.offset))).toEqual([['2'], ['3']]);
  });

  it('handles offsets past 2^53 exactly', async () => {
    const { consumer, commits } = fakeConsumer();
    const offsets = new OffsetCommits(consumer, 1_000, () => undefined);
    offsets.handled('orders', 0, '9007199254740993');
    await offsets.flush();
    expect(commits[0][0].offset).toBe('9007199254740994');
  });
});
