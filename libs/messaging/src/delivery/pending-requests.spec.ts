import { RequestTimeoutError } from '../errors/request-timeout.error';
import { PendingRequests } from './pending-requests';

describe('PendingRequests', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('hands the reply to its waiter once; a late duplicate is ignored', async () => {
    const pending = new PendingRequests();
    const reply = pending.wait('r1', 'inventory', 'stock.get', 1_000);
    expect(pending.settle('r1', { ok: true, body: 42 })).toBe(true);
    expect(pending.settle('r1', { ok: true, body: 43 })).toBe(false);
    await expect(reply).resolves.toEqual({ ok: true, body: 42 });
    expect(pending.size).toBe(0);
  });

  it('times out with a RequestTimeoutError naming target and pattern', async () => {
    const pending = new PendingRequests();
    const reply = pending.wait('r1', 'inventory', 'stock.get', 1_000);
    jest.advanceTimersByTime(1_000);
    await expect(reply).rejects.toThrow(new RequestTimeoutError('inventory', 'stock.get', 1_000));
    expect(pending.settle('r1', { ok: true, body: 1 })).toBe(false);
  });

  it('a request sent again under its id (a retry) is answered even after the first wait timed out', async () => {
    const pending = new PendingRequests();
    const first = pending.wait('r1', 'order', 'order.create', 1_000);
    jest.advanceTimersByTime(900);
    const retry = pending.wait('r1', 'order', 'order.create', 1_000);
    jest.advanceTimersByTime(100);
    await expect(first).rejects.toThrow(RequestTimeoutError);
    expect(pending.settle('r1', { ok: true, body: 'order-1' })).toBe(true);
    await expect(retry).resolves.toEqual({ ok: true, body: 'order-1' });
    expect(pending.size).toBe(0);
  });

  it('one reply settles every wait on its request id', async () => {
    const pending = new PendingRequests();
    const both = [pending.wait('r1', 't', 'p', 1_000), pending.wait('r1', 't', 'p', 1_000)];
    expect(pending.settle('r1', { ok: true, body: 7 })).toBe(true);
    await expect(Promise.all(both)).resolves.toEqual([
      { ok: true, body: 7 },
      { ok: true, body: 7 },
    ]);
  });

  it('fails every waiter on failAll', async () => {
    const pending = new PendingRequests();
    const all = [pending.wait('a', 't', 'p', 1_000), pending.wait('b', 't', 'p', 1_000)];
    pending.failAll(new Error('closing'));
    await expect(Promise.allSettled(all)).resolves.toEqual([
      { status: 'rejected', reason: new Error('closing') },
      { status: 'rejected', reason: new Error('closing') },
    ]);
  });
});
