import { join } from 'node:path';
import { RpcChild } from '../../support/rpc-child';
import { forkTs } from '../../support/ts-child';
import { WorkerCommand, WorkerSpec } from './worker-protocol';

const READY_TIMEOUT_MS = 90_000;

/** Forks a bus worker and resolves once its endpoint is connected and consuming. */
export async function startBusWorker(spec: WorkerSpec): Promise<RpcChild<WorkerCommand>> {
  const child = forkTs(join(__dirname, 'bus-worker.main.ts'), [], {
    BENCH_WORKER_SPEC: JSON.stringify(spec),
  });
  const worker = new RpcChild<WorkerCommand>(`${spec.transport}/${spec.variant} worker`, child);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${worker.label} not ready in ${READY_TIMEOUT_MS} ms`)),
      READY_TIMEOUT_MS,
    );
    child.on('message', function onReady(message: { ready?: boolean; error?: string }) {
      if (message.ready === undefined) return;
      clearTimeout(timer);
      child.off('message', onReady);
      if (message.ready) resolve();
      else reject(new Error(`${worker.label} failed to start: ${message.error}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${worker.label} exited during start (${code})`));
    });
  }).catch(async (error: unknown) => {
    await worker.kill(2_000);
    throw error;
  });
  return worker;
}
