import { assertPartitions, shardOf } from './shard-of';

describe('shardOf', () => {
  const FULL_RANGE = 2 ** 32; // mod 2^32 exposes the raw 32-bit hash

  it('is 32-bit FNV-1a (published test vectors), so every process agrees', () => {
    expect(shardOf('', FULL_RANGE)).toBe(0x811c9dc5);
    expect(shardOf('a', FULL_RANGE)).toBe(0xe40c292c);
    expect(shardOf('foobar', FULL_RANGE)).toBe(0xbf9cf968);
  });

  it('hashes UTF-8 bytes, not UTF-16 code units', () => {
    expect(shardOf('é', FULL_RANGE)).toBe(0x1e9de8c1);
    expect(shardOf('日本', FULL_RANGE)).toBe(0x9f26ee51);
  });

  it('spreads aggregate ids over every shard', () => {
    const counts = new Array<number>(4).fill(0);
    for (let i = 0; i < 4_000; i++) counts[shardOf(`order-${i}`, 4)]++;
    for (const count of counts) expect(count).toBeGreaterThan(800);
  });

  it('refuses a partition count that is not a positive integer', () => {
    expect(() => assertPartitions(0)).toThrow(RangeError);
    expect(() => assertPartitions(2.5)).toThrow(RangeError);
    expect(() => assertPartitions(4)).not.toThrow();
  });
});
