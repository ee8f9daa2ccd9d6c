import { setTimeout as sleep } from 'node:timers/promises';
import { KeyedSerialQueue } from './keyed-serial-queue';

describe('KeyedSerialQueue', () => {
  it('runs one key in order, other keys alongside, and forgets idle keys', async () => {
    const queue = new KeyedSerialQueue();
    const log: string[] = [];
    const task =
      (name: string, ms: number, fail = false) =>
      async () => {
        log.push(`${name}:start`);
        await sleep(ms);
        log.push(`${name}:end`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      queue.run('a', task('a1', 30, true)),
      queue.run('a', task('a2', 1)),
      queue.run('b', task('b1', 1)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    // a2 waits for a1 even though a1 failed; b1 does not wait for a.
    expect(log.indexOf('a2:start')).toBeGreaterThan(log.indexOf('a1:end'));
    expect(log.indexOf('b1:end')).toBeLessThan(log.indexOf('a1:end'));
    await sleep(0);
    expect(queue.size).toBe(0);
  });
});
