import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * `--cpu-prof <dir>`: every process the bench starts from here on (apps, bus workers, the Nest
 * apps of B4) runs with Node's --cpu-prof and writes its profile into `dir` when it exits; the
 * preload names each process and makes sure it exits normally. The runner itself is not profiled:
 * its own time is the load generators'. Read the result with bench/report/cpu-profile-summary.ts.
 */
export function profileChildProcesses(dir: string): string {
  const absolute = resolve(dir);
  mkdirSync(absolute, { recursive: true });
  const preload = join(__dirname, 'cpu-profile.preload.js');
  process.env.BENCH_CPU_PROF_DIR = absolute;
  process.env.NODE_OPTIONS = [
    process.env.NODE_OPTIONS,
    '--cpu-prof',
    `--cpu-prof-dir=${absolute}`,
    `--require=${preload}`,
  ]
    .filter(Boolean)
    .join(' ');
  return absolute;
}
