import { BenchTransport } from '../support/cli-args';
import { TARGETS } from '../config/targets';
import { BenchResult, ratioOf } from '../report/bench-result';
import { median } from '../stats/percentile';
import { LatencySample, ThroughputSample } from './worker/worker-protocol';

export interface Pair<T> {
  railyard: T;
  raw: T;
}

const fixed = (values: number[], digits: number) => values.map((v) => v.toFixed(digits)).join(', ');

/** B1: the median of the pair ratios is the figure; CPU per message shows where time goes. */
export function throughputResults(
  transport: BenchTransport,
  pairs: Pair<ThroughputSample>[],
  window: number,
): BenchResult[] {
  const ratios = pairs.map((p) => p.railyard.perSecond / p.raw.perSecond);
  const ratio = median(ratios);
  const minimum = TARGETS.busThroughputRatio[transport];
  const messages = pairs[0].railyard.messages;
  const cpuPerMessage = (s: ThroughputSample) => (s.cpuMs * 1_000) / s.messages;
  const busCpu = median(pairs.map((p) => cpuPerMessage(p.railyard)));
  const rawCpu = median(pairs.map((p) => cpuPerMessage(p.raw)));
  return [
    {
      name: `bus.${transport}.throughput`,
      value: median(pairs.map((p) => p.railyard.perSecond)),
      unit: 'msg/s',
      baseline: median(pairs.map((p) => p.raw.perSecond)),
      ratio,
      target: { text: `≥ ${minimum}× ${TARGETS.rawClient[transport]}`, met: ratio >= minimum },
      detail: `${pairs.length} A/B pairs of ${messages} msgs, ${window} in flight; pair ratios ${fixed(ratios, 2)}`,
    },
    {
      name: `bus.${transport}.cpu-per-msg`,
      value: busCpu,
      unit: 'µs CPU/msg',
      baseline: rawCpu,
      ratio: ratioOf(busCpu, rawCpu),
      target: null,
      detail: 'publisher + consumer process (broker excluded), median of the throughput runs',
    },
    ...brokerCpuResult(transport, pairs),
  ];
}

/** The broker's own CPU per message, bus against raw client, when a local broker was found. */
function brokerCpuResult(
  transport: BenchTransport,
  pairs: Pair<ThroughputSample>[],
): BenchResult[] {
  const perMessage = (s: ThroughputSample) =>
    s.brokerCpuMs === undefined ? undefined : (s.brokerCpuMs * 1_000) / s.messages;
  const bus = pairs.map((p) => perMessage(p.railyard));
  const raw = pairs.map((p) => perMessage(p.raw));
  if ([...bus, ...raw].some((v) => v === undefined)) return [];
  const [busCpu, rawCpu] = [median(bus as number[]), median(raw as number[])];
  return [
    {
      name: `bus.${transport}.broker-cpu-per-msg`,
      value: busCpu,
      unit: 'µs CPU/msg',
      baseline: rawCpu,
      ratio: ratioOf(busCpu, rawCpu),
      target: null,
      detail: 'the local broker process (/proc), median of the throughput runs',
    },
  ];
}

/** B2: median over pairs of each run's percentiles. */
export function latencyResults(
  transport: BenchTransport,
  pairs: Pair<LatencySample>[],
  rate: number,
): BenchResult[] {
  const p50 = (side: keyof Pair<LatencySample>) => median(pairs.map((p) => p[side].p50Ms));
  const p99 = (side: keyof Pair<LatencySample>) => median(pairs.map((p) => p[side].p99Ms));
  const samples = pairs.reduce((n, p) => n + p.railyard.received, 0);
  const detail = `open loop ${rate} msg/s, ${pairs.length} A/B pairs, ${samples} bus samples; bus p99 per pair ${fixed(
    pairs.map((p) => p.railyard.p99Ms),
    1,
  )}, raw ${fixed(
    pairs.map((p) => p.raw.p99Ms),
    1,
  )}`;
  const [busP99, rawP99] = [p99('railyard'), p99('raw')];
  return [
    {
      name: `bus.${transport}.latency-p50`,
      value: p50('railyard'),
      unit: 'ms',
      baseline: p50('raw'),
      ratio: ratioOf(p50('railyard'), p50('raw')),
      target: null,
      detail,
    },
    {
      name: `bus.${transport}.latency-p99`,
      value: busP99,
      unit: 'ms',
      baseline: rawP99,
      ratio: ratioOf(busP99, rawP99),
      target: {
        text: `≤ ${TARGETS.rawClient[transport]} p99 + ${TARGETS.busP99ExtraMs} ms`,
        met: busP99 <= rawP99 + TARGETS.busP99ExtraMs,
      },
    },
  ];
}
