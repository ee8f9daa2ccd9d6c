import { ByteBudget } from './byte-budget';

describe('ByteBudget', () => {
  it('is spent at its limit and wakes its waiters once below half, each once', () => {
    const budget = new ByteBudget(100);
    budget.take(60);
    expect(budget.spent).toBe(false);
    budget.take(40);
    expect(budget.spent).toBe(true);
    const woken: string[] = [];
    budget.whenRoom(() => woken.push('a'));
    budget.whenRoom(() => woken.push('b'));
    budget.give(30); // 70 in use: not yet below half
    expect(woken).toEqual([]);
    budget.give(30); // 40
    expect(woken).toEqual(['a', 'b']);
    budget.give(40);
    expect(woken).toEqual(['a', 'b']);
    expect(budget.inUse).toBe(0);
  });

  it('forgets a waiter whose connection closed', () => {
    const budget = new ByteBudget(10);
    budget.take(10);
    const wake = jest.fn();
    budget.whenRoom(wake);
    budget.forget(wake);
    budget.give(10);
    expect(wake).not.toHaveBeenCalled();
  });
});
