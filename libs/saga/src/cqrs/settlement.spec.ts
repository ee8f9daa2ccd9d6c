import { Settlement, SettlementTimeoutError } from './settlement';

/** What `settled` came to by now: 'pending', 'resolved' or the rejection's error. */
async function outcome(settlement: Settlement): Promise<unknown> {
  const pending = Symbol('pending');
  const result = await Promise.race([
    settlement.settled.then(
      () => 'resolved',
      (error: unknown) => error,
    ),
    Promise.resolve().then(() => pending),
  ]);
  return result === pending ? 'pending' : result;
}

describe('Settlement', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('resolves when resolved, and clears its timer', async () => {
    const settlement = new Settlement(1_000, 'reply r-1');
    expect(jest.getTimerCount()).toBe(1);
    expect(await outcome(settlement)).toBe('pending');

    settlement.resolve();
    expect(await outcome(settlement)).toBe('resolved');
    expect(settlement.isSettled).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('rejects with the error it is rejected with, and clears its timer', async () => {
    const settlement = new Settlement(1_000, 'reply r-1');
    const error = new Error('deadlock');
    settlement.reject(error);
    await expect(settlement.settled).rejects.toBe(error);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('is settled once: the first of resolve and reject wins', async () => {
    const resolvedFirst = new Settlement(1_000, 'a');
    resolvedFirst.resolve();
    resolvedFirst.reject(new Error('late'));
    resolvedFirst.resolve();
    expect(await outcome(resolvedFirst)).toBe('resolved');

    const rejectedFirst = new Settlement(1_000, 'b');
    const error = new Error('first');
    rejectedFirst.reject(error);
    rejectedFirst.resolve();
    rejectedFirst.reject(new Error('second'));
    expect(await outcome(rejectedFirst)).toBe(error);
  });

  it('rejects with a SettlementTimeoutError naming the work once its bound passes, not before', async () => {
    const settlement = new Settlement(30_000, 'saga reply stock.reserved m-1');
    jest.advanceTimersByTime(29_999);
    expect(await outcome(settlement)).toBe('pending');

    jest.advanceTimersByTime(1);
    const error = await outcome(settlement);
    expect(error).toBeInstanceOf(SettlementTimeoutError);
    expect((error as Error).message).toBe(
      'saga reply stock.reserved m-1 not settled within 30000 ms',
    );
    // Work that ends after the bound changes nothing: the bus already retries the message.
    settlement.resolve();
    expect(await outcome(settlement)).toBe(error);
  });

  it('never keeps the process alive while it waits', () => {
    const setTimeoutSpy = jest.spyOn(global, 'setTimeout');
    new Settlement(1_000, 'a');
    const timer = setTimeoutSpy.mock.results[0].value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    setTimeoutSpy.mockRestore();
  });

  it('does not turn a rejection nobody awaits into an unhandled rejection', async () => {
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      new Settlement(10, 'abandoned').reject(new Error('nobody listens'));
      jest.useRealTimers();
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  describe('settleWith', () => {
    it('resolves once the work resolves', async () => {
      const settlement = new Settlement(1_000, 'a');
      let finish!: () => void;
      const done = settlement.settleWith(() => new Promise<void>((r) => (finish = r)));
      expect(await outcome(settlement)).toBe('pending');
      finish();
      await expect(done).resolves.toBeUndefined();
      expect(await outcome(settlement)).toBe('resolved');
    });

    it('rejects with what the work throws, and itself never rejects', async () => {
      const error = new Error('serialization failure');
      const async = new Settlement(1_000, 'a');
      await expect(async.settleWith(() => Promise.reject(error))).resolves.toBeUndefined();
      expect(await outcome(async)).toBe(error);

      const sync = new Settlement(1_000, 'b');
      await expect(
        sync.settleWith(() => {
          throw error;
        }),
      ).resolves.toBeUndefined();
      expect(await outcome(sync)).toBe(error);
    });
  });
});
