import { DEAD_LETTER_COUNT_CAP } from '@railyard/contracts';
import { DeadLetterStore } from '../transport/dead-letter-store';
import { DeadLetterCount } from './dead-letter-count';

/** A store whose count takes `countMs` and answers how many counts it has run. */
function slowStore(countMs: number) {
  const asked: number[] = [];
  const store = {
    count: (cap: number) =>
      new Promise<number>((resolve) => {
        asked.push(cap);
        setTimeout(() => resolve(asked.length), countMs);
      }),
  } as Pick<DeadLetterStore, 'count'> as DeadLetterStore;
  return { store, asked };
}

describe('DeadLetterCount', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const after = async <T>(promise: Promise<T>, ms: number) => {
    await jest.advanceTimersByTimeAsync(ms);
    return promise;
  };

  it('answers a quick count at once, capped, and counts again soon after', async () => {
    const { store, asked } = slowStore(10);
    const count = new DeadLetterCount(store);
    expect(await after(count.current(), 10)).toBe(1);
    await jest.advanceTimersByTimeAsync(40);
    expect(await after(count.current(), 10)).toBe(2);
    expect(asked).toEqual([DEAD_LETTER_COUNT_CAP, DEAD_LETTER_COUNT_CAP]);
  });

  it('gives the last count (null at first) while a slow one runs, and spaces slow counts out', async () => {
    const { store, asked } = slowStore(2_000);
    const count = new DeadLetterCount(store);
    expect(await after(count.current(), 300)).toBeNull();
    expect(await after(count.current(), 300)).toBeNull();
    await jest.advanceTimersByTimeAsync(1_400);
    expect(asked).toHaveLength(1);
    expect(await after(count.current(), 0)).toBe(1);
    // The next count waits four times the last one's duration after it ended.
    await jest.advanceTimersByTimeAsync(7_000);
    expect(await after(count.current(), 0)).toBe(1);
    expect(asked).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1_000);
    void count.current();
    expect(asked).toHaveLength(2);
  });

  it('keeps the last count when a count fails', async () => {
    let fail = false;
    const store = {
      count: async () => {
        if (fail) throw new Error('broker away');
        return 3;
      },
    } as Pick<DeadLetterStore, 'count'> as DeadLetterStore;
    const count = new DeadLetterCount(store);
    expect(await after(count.current(), 0)).toBe(3);
    fail = true;
    expect(await after(count.current(), 0)).toBe(3);
  });
});
