import { CpuMeter, SELF } from './cpu-meter';

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
