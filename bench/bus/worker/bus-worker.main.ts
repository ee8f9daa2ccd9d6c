import { Logger } from '@nestjs/common';
import { serveRpc } from '../../support/rpc-child';
import { latencyRun } from '../load/latency-run';
import { Receiver } from '../load/receiver';
import { throughputRun } from '../load/throughput-run';
import { createEndpoint } from './create-endpoint';
import { WorkerCommand, WorkerSpec, WorkerUsage } from './worker-protocol';

/**
 * One bus worker process: publisher and consumer of one endpoint (the bus or a raw client, on
 * one transport), driven by the runner over IPC. Its first message says it is ready.
 */
async function main(): Promise<void> {
  Logger.overrideLogger(['error', 'warn']);
  const spec = JSON.parse(process.env.BENCH_WORKER_SPEC ?? '') as WorkerSpec;
  const endpoint = createEndpoint(spec);
  const receiver = new Receiver();
  await endpoint.start(receiver.onEvent);
  let run = 0;
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= endpoint.close());
  serveRpc<WorkerCommand>(async (command): Promise<unknown> => {
    switch (command.kind) {
      case 'throughput':
        return throughputRun(endpoint, receiver, ++run, command.messages, command.window);
      case 'latency':
        return latencyRun(endpoint, receiver, ++run, command.rate, command.seconds);
      case 'close': {
        await close();
        const cpu = process.cpuUsage();
        const usage: WorkerUsage = {
          cpuSeconds: (cpu.user + cpu.system) / 1e6,
          peakRssMb: process.resourceUsage().maxRSS / 1024,
        };
        return usage;
      }
    }
  });
  process.send?.({ ready: true });
  // The runner disconnects once it has what it needs (or when it dies): then this process ends.
  process.on('disconnect', () => void close().finally(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.send?.({ ready: false, error: (error as Error)?.stack ?? String(error) });
  setImmediate(() => process.exit(1));
});
