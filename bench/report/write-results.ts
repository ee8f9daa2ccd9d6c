import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/ts-child';
import { BenchResult } from './bench-result';
import { machineInfo } from './machine-info';
import { ProcessUsage } from './process-usage';

export interface BenchReport {
  profile: string;
  startedAt: string;
  durationSeconds: number;
  machine: ReturnType<typeof machineInfo> & { loadAverageAtEnd: number[] };
  versions: Record<string, string>;
  results: BenchResult[];
  processes: ProcessUsage[];
  /** Benchmarks that broke (they fail the run), and cleanup leftovers. */
  failures: string[];
}

/** Writes bench/results/<timestamp>.json (git-ignored) and returns its path. */
export function writeResults(report: BenchReport): string {
  const dir = join(REPO_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${report.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
