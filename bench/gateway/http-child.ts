import { join } from 'node:path';
import { ChildProcess } from 'node:child_process';
import { freePort } from '../../test/support/free-port';
import { ended, forkTs } from '../support/ts-child';

const READY_TIMEOUT_MS = 60_000;

export interface HttpChild {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts one of this folder's `*.main.ts` Nest apps on a free port; resolves once it listens. */
export async function startHttpChild(file: string): Promise<HttpChild> {
  const port = await freePort();
  const child = forkTs(join(__dirname, file), [], { BENCH_HTTP_PORT: String(port) });
  const stop = async () => {
    if (child.connected) child.disconnect();
    await ended(child, 5_000);
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${file} not listening in ${READY_TIMEOUT_MS} ms`)),
        READY_TIMEOUT_MS,
      );
      child.once('message', () => {
        clearTimeout(timer);
        resolve();
      });
      child.once('exit', (code) => reject(new Error(`${file} exited during start (${code})`)));
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, child, stop };
}

/** The child's side: listen, tell the parent, end when the parent lets go. */
export function announceListening(): void {
  process.send?.({ listening: true });
  process.on('disconnect', () => process.exit(0));
}
