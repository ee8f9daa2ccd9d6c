import { freePort } from '../../test/support/free-port';
import { BenchResult } from '../report/bench-result';
import { BenchContext } from '../support/bench-context';
import { RpcChild } from '../support/rpc-child';
import { median } from '../stats/percentile';
import { Variant } from './bench-names';
import { BrokerCpu } from './broker-cpu';
import { cleanUpBus } from './bus-cleanup';
import { latencyResults, Pair, throughputResults } from './bus-results';
import { startBusWorker } from './worker/start-bus-worker';
import {
  LatencySample,
  ThroughputSample,
  WorkerCommand,
  WorkerUsage,
} from './worker/worker-protocol';
import { BenchTransport } from '../support/cli-args';

type Worker = RpcChild<WorkerCommand>;
const RUN_TIMEOUT_MS = 180_000;
/** Latency runs stay well below what either side can sustain, whatever the machine. */
const LATENCY_SHARE_OF_THROUGHPUT = 0.3;

/**
 * B1 and B2 for one transport: a worker process for the bus and one for the raw client, both
 * connected once, then driven alternately (A/B/A/B) so drift in the machine's load hits both.
 */
export async function runBusSuite(
  ctx: BenchContext,
  transport: BenchTransport,
): Promise<BenchResult[]> {
  const workers: Partial<Record<Variant, Worker>> = {};
  try {
    // Started together: most of a worker's start-up is compiling TypeScript, on two cores.
    await Promise.all(
      (['railyard', 'raw'] as const).map(async (variant) => {
        const tcpPort = await freePort();
        workers[variant] = await startBusWorker({ runId: ctx.runId, transport, variant, tcpPort });
      }),
    );
    return await measure(ctx, transport, workers as Record<Variant, Worker>);
  } finally {
    for (const [variant, worker] of Object.entries(workers)) {
      const usage = await worker
        .call<WorkerUsage>({ kind: 'close' }, 30_000)
        .catch(() => undefined);
      if (usage)
        ctx.processes.push({
          name: `bus.${transport} ${variant} worker`,
          pid: worker.pid ?? 0,
          ...usage,
        });
      await worker.kill();
    }
    ctx.leftovers.push(...(await cleanUpBus(ctx.runId, transport)));
  }
}

async function measure(
  ctx: BenchContext,
  transport: BenchTransport,
  workers: Record<Variant, Worker>,
) {
  const { bus } = ctx.profile;
  const both = async <T>(command: WorkerCommand): Promise<Pair<T>> => ({
    railyard: await workers.railyard.call<T>(command, RUN_TIMEOUT_MS),
    raw: await workers.raw.call<T>(command, RUN_TIMEOUT_MS),
  });
  const broker = BrokerCpu.find(transport);
  /** A throughput run of one side, with the broker's CPU during it when there is a broker. */
  const run = async (variant: Variant, command: WorkerCommand): Promise<ThroughputSample> => {
    const call = () => workers[variant].call<ThroughputSample>(command, RUN_TIMEOUT_MS);
    if (!broker) return call();
    const { result, brokerCpuMs } = await broker.around(call);
    return { ...result, brokerCpuMs };
  };
  const warm = await both<ThroughputSample>({
    kind: 'throughput',
    messages: bus.minMessages,
    window: bus.window,
  });
  const rate = (warm.railyard.perSecond + warm.raw.perSecond) / 2;
  const messages = Math.round(
    Math.min(bus.maxMessages, Math.max(bus.minMessages, rate * bus.runSeconds)),
  );
  ctx.log(
    `bus.${transport}: warm-up ${warm.railyard.perSecond.toFixed(0)} vs ${warm.raw.perSecond.toFixed(0)} msg/s; runs of ${messages}`,
  );
  const throughput: Pair<ThroughputSample>[] = [];
  for (let i = 0; i < bus.pairs; i++) {
    const command: WorkerCommand = { kind: 'throughput', messages, window: bus.window };
    throughput.push({ railyard: await run('railyard', command), raw: await run('raw', command) });
  }
  const slowest = Math.min(
    ...throughput.map((p) => Math.min(p.railyard.perSecond, p.raw.perSecond)),
  );
  const latencyRate = Math.max(
    10,
    Math.round(Math.min(bus.latencyRate, slowest * LATENCY_SHARE_OF_THROUGHPUT)),
  );
  await both<LatencySample>({
    kind: 'latency',
    rate: latencyRate,
    seconds: Math.min(1, bus.latencySeconds),
  });
  const latency: Pair<LatencySample>[] = [];
  for (let i = 0; i < bus.latencyPairs; i++) {
    latency.push(
      await both<LatencySample>({
        kind: 'latency',
        rate: latencyRate,
        seconds: bus.latencySeconds,
      }),
    );
  }
  ctx.log(
    `bus.${transport}: throughput ratio ${median(throughput.map((p) => p.railyard.perSecond / p.raw.perSecond)).toFixed(2)}`,
  );
  return [
    ...throughputResults(transport, throughput, bus.window),
    ...latencyResults(transport, latency, latencyRate),
  ];
}
