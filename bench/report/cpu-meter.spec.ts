import { availableParallelism } from 'node:os';
import { cpuCostResult, CpuMeter, SELF } from './cpu-meter';

describe('CpuMeter', () => {
  it('sums what each part used while the measured work ran, and nothing between', async () => {
    let app = 10;
    let broker: number | undefined = 100;
    const meter = new CpuMeter(
      new Map([
        ['app', () => app],
        ['broker', () => broker],
      ]),
    );
    await meter.around(async () => {
      app += 2;
      broker! += 5;
    });
    app += 50; // between runs: not counted
    await meter.around(async () => {
      app += 1;
      broker = undefined; // the broker went away mid-run: its run is left out, not guessed
    });
    const totals = meter.totals();
    expect(totals.get('app')).toBe(3);
    expect(totals.get('broker')).toBe(5);
    expect(totals.get(SELF)).toBeGreaterThanOrEqual(0);
  });

  it('returns what the work returned', async () => {
    expect(await new CpuMeter(new Map()).around(async () => 42)).toBe(42);
  });
});

describe('cpuCostResult', () => {
  it('gives the CPU per unit, each part, and the rate the cores allow at that cost', () => {
    const result = cpuCostResult(
      'saga.tcp.cpu-per-saga',
      'saga',
      1000,
      new Map([
        ['order-service', 1.5],
        ['broker', 0.5],
      ]),
    );
    expect(result.value).toBe(2000);
    expect(result.unit).toBe('µs CPU/saga');
    const cores = availableParallelism();
    expect(result.detail).toBe(
      `over 1000 measured: order-service 1500, broker 500 µs; at this cost ${cores} cores allow at most ${cores * 500}/s`,
    );
  });
});
