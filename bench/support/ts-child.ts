import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');
const BENCH_TSCONFIG = join(REPO_ROOT, 'bench', 'tsconfig.json');

/** Runs a bench TypeScript file as its own Node process, compiled on the fly like the runner. */
export function forkTs(entry: string, args: string[], env: Record<string, string> = {}) {
  return fork(entry, args, {
    cwd: REPO_ROOT,
    execArgv: ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'],
    env: { ...process.env, TS_NODE_PROJECT: BENCH_TSCONFIG, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Resolves when `child` exits; SIGKILL after `graceMs` if it has not. */
export async function ended(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exit;
  clearTimeout(timer);
}
