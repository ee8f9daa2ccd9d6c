import { BenchTransport } from '../../support/cli-args';
import { Variant } from '../bench-names';

/** What the runner tells a bus worker process to do (one worker per transport and variant). */
export type WorkerCommand =
  | { kind: 'throughput'; messages: number; window: number }
  | { kind: 'latency'; rate: number; seconds: number }
  | { kind: 'close' };

export interface WorkerSpec {
  runId: string;
  transport: BenchTransport;
  variant: Variant;
  tcpPort: number;
}

export interface ThroughputSample {
  messages: number;
  elapsedMs: number;
  perSecond: number;
  /** CPU of the worker process (publisher and consumer) during the run. */
  cpuMs: number;
  /** CPU of the local broker during the run (set by the runner; absent on TCP). */
  brokerCpuMs?: number;
}

export interface LatencySample {
  sent: number;
  received: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  cpuMs: number;
}

export interface WorkerUsage {
  cpuSeconds: number;
  peakRssMb: number;
}
