import { topicLag } from './kafka-consumer-lag';

const marks = (...partitions: Array<[low: number, high: number]>) =>
  partitions.map(([low, high], partition) => ({
    partition,
    low: String(low),
    high: String(high),
  }));
const commits = (...offsets: number[]) =>
  offsets.map((offset, partition) => ({ partition, offset: String(offset), metadata: null }));

describe('Kafka consumer lag of one topic', () => {
  it('sums high watermark minus committed offset over the partitions', () => {
    expect(topicLag(marks([0, 10], [0, 4]), commits(7, 4))).toBe(3);
  });

  it('counts a partition without a commit from its low watermark (the groups start fromBeginning)', () => {
    expect(topicLag(marks([2, 10], [0, 5]), commits(-1))).toBe(8 + 5);
  });

  it('counts a commit that fell behind retention from the low watermark, and never below 0', () => {
    expect(topicLag(marks([20, 25]), commits(3))).toBe(5);
    expect(topicLag(marks([0, 5]), commits(9))).toBe(0);
  });
});
