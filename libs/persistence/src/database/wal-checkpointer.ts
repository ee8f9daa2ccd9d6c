import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { WAL_CHECKPOINT_WORKER_SOURCE } from './wal-checkpoint.worker-source';

export interface WalCheckpointerSettings {
  /** The SQLite file (in WAL mode) to checkpoint. */
  file: string;
  /** How often a PASSIVE checkpoint runs. */
  intervalMs: number;
  /** WAL pages past which a pass that did not catch up is followed by a RESTART. */
  restartAbovePages: number;
  /** How long a RESTART may wait for the writer. */
  restartWaitMs: number;
}

export const WAL_CHECKPOINTER_DEFAULTS = {
  intervalMs: 100,
  // 8 MiB of 4 KiB pages (the WAL's size limit), twice SQLite's automatic checkpoint size.
  restartAbovePages: 2048,
  restartWaitMs: 5_000,
} as const;

export interface WalCheckpointerStats {
  passes: number;
  restarts: number;
}

/**
 * Checkpoints an SQLite WAL from a worker thread, so that the fsyncs of checkpoints leave the
 * event loop: with SQLite's automatic checkpoint, the COMMIT that crosses 1000 pages copies the
 * log into the database and syncs it, on the thread that serves messages (better-sqlite3 is
 * synchronous). The app's connection moves its automatic checkpoint to a backstop only once this
 * runs (SqliteCheckpointing), and back to SQLite's default if it stops unexpectedly.
 */
export class WalCheckpointer {
  private stopping = false;

  private constructor(
    private readonly worker: Worker,
    readonly exited: Promise<void>,
  ) {}

  /** Resolves once the worker has the database open; rejects if it cannot. */
  static start(
    settings: WalCheckpointerSettings,
    onUnexpectedExit: (error?: Error) => void,
  ): Promise<WalCheckpointer> {
    const worker = new Worker(WAL_CHECKPOINT_WORKER_SOURCE, {
      eval: true,
      workerData: { ...settings, resolveFrom: resolveBases() },
    });
    // A checkpointer never keeps a process alive: the app's own shutdown stops it.
    worker.unref();
    return new Promise((resolve, reject) => {
      let failure: Error | undefined;
      worker.on('error', (error) => (failure = error));
      let checkpointer: WalCheckpointer | undefined;
      const exited = new Promise<void>((done) =>
        worker.once('exit', () => {
          done();
          if (!checkpointer) reject(failure ?? new Error('the WAL checkpointer exited at start'));
          else if (!checkpointer.stopping) onUnexpectedExit(failure);
        }),
      );
      worker.once('message', (message: { ready?: boolean }) => {
        if (!message.ready) return;
        checkpointer = new WalCheckpointer(worker, exited);
        resolve(checkpointer);
      });
    });
  }

  /** What the worker has done so far (for specs and diagnostics). */
  stats(): Promise<WalCheckpointerStats> {
    return this.ask('stats', (message) => (message as { stats?: WalCheckpointerStats }).stats);
  }

  /** Stops the loop and closes the worker's connection; the app's close checkpoints the rest. */
  async stop(): Promise<void> {
    if (this.stopping) return this.exited;
    this.stopping = true;
    this.worker.postMessage('stop');
    await Promise.race([this.exited, new Promise((done) => setTimeout(done, 2_000).unref())]);
    await this.worker.terminate();
  }

  private ask<T>(request: string, pick: (message: unknown) => T | undefined): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.worker.off('message', listen);
        reject(new Error(`the WAL checkpointer did not answer "${request}"`));
      }, 2_000);
      const listen = (message: unknown) => {
        const answer = pick(message);
        if (answer === undefined) return;
        clearTimeout(timer);
        this.worker.off('message', listen);
        resolve(answer);
      };
      this.worker.on('message', listen);
      this.worker.postMessage(request);
    });
  }
}

/**
 * Where the worker looks for better-sqlite3: from the app's entry script (dist/apps/<app>/main.js,
 * or the test runner's) and from the working directory. A worker run from source text resolves
 * bare module names from neither by itself.
 */
function resolveBases(): string[] {
  const bases = [join(process.cwd(), 'package.json')];
  if (process.argv[1]) bases.unshift(process.argv[1]);
  return bases;
}
