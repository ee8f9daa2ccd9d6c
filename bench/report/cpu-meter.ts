import { availableParallelism } from 'node:os';
import { BenchResult } from './bench-result';
import { usageOfPid } from './process-usage';

/** This process (the bench runner: autocannon lives here) among the meter's parts. */
export const SELF = 'load generator';

/**
 * CPU seconds of several processes, counted only while `around` runs: which process a rate's CPU
 * went to, so that a missed rate shows its cost per request instead of a guess (bench/README.md).
 * A part is a name and a way to read its CPU so far (undefined once the process is gone).
 */
export class CpuMeter {
  private readonly seconds = new Map<string, number>();

  constructor(private readonly parts: Map<string, () => number | undefined>) {
    parts.set(SELF, () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1e6;
    });
  }

  /** A part for another process by pid (/proc). */
  static ofPid(pid: number | undefined): () => number | undefined {
    return () => usageOfPid('', pid)?.cpuSeconds;
  }

  async around<T>(work: () => Promise<T>): Promise<T> {
    const before = this.read();
    const result = await work();
    for (const [name, after] of this.read()) {
      const start = before.get(name);
      if (start === undefined) continue;
      this.seconds.set(name, (this.seconds.get(name) ?? 0) + after - start);
    }
    return result;
  }

  /** CPU seconds per part so far, in the order the parts were given. */
  totals(): Map<string, number> {
    return new Map(this.seconds);
  }

  private read(): Map<string, number> {
    const now = new Map<string, number>();
    for (const [name, read] of this.parts) {
      const value = read();
      if (value !== undefined) now.set(name, value);
    }
    return now;
  }
}

/**
 * What one unit of work (a GET, a saga) cost in CPU, summed over every process it crossed, with
 * each process's part. On a machine of N cores the rate can be at most N ÷ that: how a missed rate
 * shows its limit (issue 13: "the profile that proves the limit, not a guess").
 */
export function cpuCostResult(
  name: string,
  unit: string,
  count: number,
  totals: Map<string, number>,
): BenchResult {
  const perUnitUs = (seconds: number) => (seconds * 1e6) / Math.max(1, count);
  const total = perUnitUs([...totals.values()].reduce((sum, s) => sum + s, 0));
  const cores = availableParallelism();
  const parts = [...totals].map(([part, s]) => `${part} ${perUnitUs(s).toFixed(0)}`);
  return {
    name,
    value: total,
    unit: `µs CPU/${unit}`,
    baseline: null,
    ratio: null,
    target: null,
    detail: `over ${count} measured: ${parts.join(', ')} µs; at this cost ${cores} cores allow at most ${((cores * 1e6) / total).toFixed(0)}/s`,
  };
}
