import { setTimeout as sleep } from 'node:timers/promises';
import { SerialLanes } from './serial-lanes';

describe('SerialLanes', () => {
  it('runs one lane strictly in order and lanes in parallel', async () => {
    const lanes = new SerialLanes();
    const log: string[] = [];
    const work = (name: string, ms: number) => async () => {
      log.push(`${name}:start`);
      await sleep(ms);
      log.push(`${name}:end`);
    };
    await Promise.all([
      lanes.run('a', work('a1', 30)),
      lanes.run('a', work('a2', 1)),
      lanes.run('b', work('b1', 1)),
    ]);
    expect(log.indexOf('a1:end')).toBeLessThan(log.indexOf('a2:start'));
    expect(log.indexOf('b1:end')).toBeLessThan(log.indexOf('a1:end'));
  });

  it('goes on after a failing item', async () => {
    const lanes = new SerialLanes();
    const done: number[] = [];
    await Promise.all([
      lanes.run('a', () => Promise.reject(new Error('boom'))),
      lanes.run('a', async () => void done.push(2)),
    ]);
    expect(done).toEqual([2]);
  });
});
