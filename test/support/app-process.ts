import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..');

/**
 * Apps still running when the test process exits (a run cut short, `--forceExit` after a failed
 * afterAll) are killed with it rather than left behind holding ports and brokers' consumer groups.
 */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** One built app (dist/apps/<app>/main.js) as its own OS process, with its output kept. */
export class AppProcess {
  private child?: ChildProcess;
  private exit?: Promise<number | string | null>;
  output = '';

  constructor(
    readonly app: string,
    private readonly env: Record<string, string>,
  ) {}

  start(): this {
    const child = spawn(process.execPath, [join(repoRoot, 'dist', 'apps', this.app, 'main.js')], {
      cwd: repoRoot,
      env: { ...process.env, LOG_LEVEL: 'warn', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    child.once('exit', () => running.delete(child));
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    // Exit code, or the signal that ended it (Nest re-raises SIGTERM after its shutdown hooks).
    this.exit = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve(code ?? signal)),
    );
    this.child = child;
    return this;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Exit code (or ending signal) once ended; rejects if still running after `timeoutMs`. */
  async exited(timeoutMs: number): Promise<number | string | null> {
    if (!this.exit) throw new Error(`${this.app} was never started`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${this.app} still running after ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exit, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  signal(signal: NodeJS.Signals): void {
    this.child?.kill(signal);
  }

  /** SIGTERM, then SIGKILL if it does not end within `graceMs`. Safe to call twice. */
  async stop(graceMs = 15_000): Promise<number | string | null> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) {
      return this.child?.exitCode ?? this.child?.signalCode ?? null;
    }
    this.signal('SIGTERM');
    try {
      return await this.exited(graceMs);
    } catch {
      this.signal('SIGKILL');
      return this.exited(5_000);
    }
  }
}
