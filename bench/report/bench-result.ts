/** A target as the issue states it; `met` is decided against the same run's baseline. */
export interface Target {
  /** Human form, e.g. `≥ 0.8× raw` or `≤ raw + 2 ms`. */
  text: string;
  met: boolean;
}

/**
 * One line of the report. `baseline` is the raw/bare figure measured in the same run, `ratio` is
 * value ÷ baseline. A benchmark that could not run has `value: null` and says why in `notRun`.
 */
export interface BenchResult {
  /** `<section>.<transport or subject>.<metric>`, e.g. `bus.kafka.throughput`. */
  name: string;
  value: number | null;
  unit: string;
  baseline: number | null;
  ratio: number | null;
  target: Target | null;
  /** How it was measured (rate, samples, pairs...). */
  detail?: string;
  notRun?: string;
}

export function notRun(name: string, unit: string, why: string): BenchResult {
  return { name, value: null, unit, baseline: null, ratio: null, target: null, notRun: why };
}

export function ratioOf(value: number, baseline: number): number | null {
  return baseline > 0 ? value / baseline : null;
}
