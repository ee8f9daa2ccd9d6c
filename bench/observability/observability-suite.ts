import { BenchResult, ratioOf } from '../report/bench-result';
import { runPhase } from '../saga/saga-phase';
import { OrderBook } from '../saga/order-book';
import { SagaPlan } from '../saga/saga-plan';
import { SagaSystem } from '../saga/saga-system';
import { isolate } from '../saga/saga-isolation';
import { median } from '../stats/percentile';
import { BenchContext } from '../support/bench-context';
import { BenchTransport } from '../support/cli-args';
import { SinkCollector, sinkCollector } from '../support/sink-collector';
import { TARGETS } from '../config/targets';
import { METRICS_ONLY, OFF, ON, TelemetryMode, TRACING_ONLY } from './observability-modes';

const WAIT_FOR_BROKER_MS = { smoke: 10_000, full: 60_000 };

/**
 * Issue 16's cost: saga throughput with tracing and metrics on ÷ the same with both off, on one
 * transport. Each measurement is a fresh system (the switches are read at start), warmed up, then
 * a max-rate happy-path phase; the pairs alternate which mode goes first so that drift over the run
 * does not favour one. "On" exports every span to a collector on loopback, which must have
 * received exports by the end, or the figure would measure nothing.
 */
export async function runObservabilitySuite(
  ctx: BenchContext,
  transport: BenchTransport,
  /** Also run tracing alone and metrics alone (`--observability-parts`): what each half costs. */
  parts = false,
): Promise<BenchResult[]> {
  const { observability, saga } = ctx.profile;
  const sink = await sinkCollector();
  const modes = parts ? [OFF, TRACING_ONLY, METRICS_ONLY, ON] : [OFF, ON];
  const rates = perMode<number[]>(() => []);
  const cpu = perMode<number[]>(() => []);
  try {
    for (let pair = 0; pair < observability.pairs; pair++) {
      for (const mode of pair % 2 === 0 ? modes : [...modes].reverse()) {
        const exportsBefore = sink.exports;
        const run = await sagaRun(ctx, transport, mode, sink, `p${pair}`);
        if (mode.tracing && sink.exports === exportsBefore)
          throw new Error('tracing on, yet the collector received no spans: the figure is void');
        rates[mode.name].push(run.perSecond);
        cpu[mode.name].push(run.serviceCpuMsPerSaga);
        ctx.log(
          `observability.${transport}: ${mode.name} ${run.perSecond.toFixed(0)} sagas/s, services' CPU ${run.serviceCpuMsPerSaga.toFixed(2)} ms per saga` +
            (mode.tracing ? `, ${sink.exports - exportsBefore} span exports received` : ''),
        );
      }
    }
  } finally {
    await sink.close();
  }
  const off = median(rates.off);
  const on = median(rates.on);
  const ratio = ratioOf(on, off);
  const cpuOff = median(cpu.off);
  const cpuOn = median(cpu.on);
  return [
    {
      name: `observability.${transport}.saga-throughput-on-vs-off`,
      value: on,
      unit: 'sagas/s',
      baseline: off,
      ratio,
      target: {
        text: `≥ ${TARGETS.observabilityOnRatio}× off`,
        met: ratio !== null && ratio >= TARGETS.observabilityOnRatio,
      },
      detail: `median of ${observability.pairs} fresh systems per mode (off: ${fmt(rates.off)}; on: ${fmt(rates.on)}), ${observability.orders} orders each after ${observability.warmUpOrders} to warm up, ${saga.concurrency} create requests in flight; on = every span exported over OTLP to a loopback collector + metrics recorded, off = neither`,
    },
    {
      // What the rate ratio comes from on a machine whose cores the services share: CPU the three
      // services spend per saga while the measured orders run (start-up excluded), on ÷ off.
      name: `observability.${transport}.service-cpu-per-saga-on-vs-off`,
      value: cpuOn,
      unit: 'ms/saga',
      baseline: cpuOff,
      ratio: ratioOf(cpuOn, cpuOff),
      target: null,
      detail: `user + system CPU of order, inventory and payment over the measured phase ÷ its orders, median per mode (off: ${fmt(cpu.off, 2)}; on: ${fmt(cpu.on, 2)})`,
    },
    ...(parts ? [TRACING_ONLY, METRICS_ONLY] : []).map((mode): BenchResult => ({
      // Not a target: which half of "on" the extra CPU comes from.
      name: `observability.${transport}.service-cpu-per-saga-${mode.name}-vs-off`,
      value: median(cpu[mode.name]),
      unit: 'ms/saga',
      baseline: cpuOff,
      ratio: ratioOf(median(cpu[mode.name]), cpuOff),
      target: null,
      detail: `as service-cpu-per-saga-on-vs-off, ${mode.name} (${fmt(cpu[mode.name], 2)}; sagas/s ${fmt(rates[mode.name])})`,
    })),
  ];
}

const perMode = <T>(make: () => T): Record<TelemetryMode['name'], T> => ({
  off: make(),
  on: make(),
  'tracing-only': make(),
  'metrics-only': make(),
});

interface SagaRun {
  perSecond: number;
  serviceCpuMsPerSaga: number;
}

async function sagaRun(
  ctx: BenchContext,
  transport: BenchTransport,
  mode: TelemetryMode,
  sink: SinkCollector,
  round: string,
): Promise<SagaRun> {
  const { observability, saga } = ctx.profile;
  const isolation = await isolate(
    transport,
    `${ctx.runId}-obs-${mode.name}-${round}`,
    WAIT_FOR_BROKER_MS[ctx.profile.name],
  );
  try {
    const system = await SagaSystem.start(
      transport,
      { ...isolation.env, ...mode.env(sink) },
      { gateway: false },
    );
    try {
      await expectMetrics(system, mode);
      const book = new OrderBook(system.dataDir);
      try {
        const tag = `${ctx.runId.slice(-6)}-obs-${mode.name}-${round}`;
        const max = { kind: 'max', concurrency: saga.concurrency } as const;
        await runPhase(
          system.bus,
          book,
          new SagaPlan(`${tag}-warm-`, observability.warmUpOrders),
          max,
        );
        const cpuBefore = serviceCpuSeconds(system);
        const measured = await runPhase(
          system.bus,
          book,
          new SagaPlan(`${tag}-`, observability.orders),
          max,
        );
        if (measured.pending > 0)
          ctx.failed.push(
            `observability.${transport} (${mode.name}): ${measured.pending} orders left pending`,
          );
        const cpuMs = (serviceCpuSeconds(system) - cpuBefore) * 1000;
        return { perSecond: measured.perSecond, serviceCpuMsPerSaga: cpuMs / observability.orders };
      } finally {
        book.close();
      }
    } finally {
      ctx.processes.push(...system.usage(`observability.${transport}.${mode.name}`));
      await system.stop();
    }
  } finally {
    await isolation
      .release()
      .catch((error: Error) => ctx.leftovers.push(`${transport} isolation: ${error.message}`));
  }
}

const fmt = (values: number[], digits = 0) =>
  values.map((value) => value.toFixed(digits)).join(', ');

const serviceCpuSeconds = (system: SagaSystem): number =>
  system.usage('cpu').reduce((sum, usage) => sum + usage.cpuSeconds, 0);

/** The switch took: order-service's /metrics answers 200 with metrics on, 404 with them off. */
async function expectMetrics(system: SagaSystem, mode: TelemetryMode): Promise<void> {
  const expected = mode.metrics ? 200 : 404;
  const { status } = await fetch(`${system.url('order-service')}/metrics`);
  if (status !== expected)
    throw new Error(`metrics ${mode.name}, yet order-service's /metrics answered ${status}`);
}
