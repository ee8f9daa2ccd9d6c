import { BenchTransport } from '../support/cli-args';
import { runBurstSuite } from '../burst/burst-suite';
import { runGatewaySuite } from '../gateway/gateway-suite';
import { BenchResult, notRun } from '../report/bench-result';
import { BenchContext } from '../support/bench-context';
import { NotRunError } from '../support/not-run.error';
import { OrderRef } from './order-book';
import { runSagaSuite } from './saga-suite';
import { placeAll, seed } from './saga-load';
import { SagaPlan } from './saga-plan';
import { SagaSystem } from './saga-system';
import { isolate } from './saga-isolation';

/** How long to wait for another run to leave the apps' Kafka groups before giving up. */
const WAIT_FOR_BROKER_MS = { smoke: 10_000, full: 60_000 };

export interface SystemSections {
  saga: boolean;
  gateway: boolean;
  burst: boolean;
  /** The static-route and interceptor comparisons run once per bench run, on the first system. */
  gatewayStaticsDone: boolean;
  /** Each transport's burst p99 to 202: Kafka's target is relative to RabbitMQ's. */
  burstP99Ms: Partial<Record<BenchTransport, number>>;
}

/**
 * Starts the four apps on `transport` (isolated from other runs on the same broker), runs B3 and
 * the transport's part of B4 on them, records each app's CPU and memory, stops and cleans up.
 */
export async function runSystemSection(
  ctx: BenchContext,
  transport: BenchTransport,
  sections: SystemSections,
): Promise<BenchResult[]> {
  let isolation;
  try {
    isolation = await isolate(transport, ctx.runId, WAIT_FOR_BROKER_MS[ctx.profile.name]);
  } catch (error) {
    if (!(error instanceof NotRunError)) throw error;
    // The burst is a guarantee, not only a figure: a burst that could not run fails the run.
    if (sections.burst) ctx.failed.push(`burst.${transport} not run: ${error.message}`);
    return skipped(transport, sections, error.message);
  }
  try {
    const system = await SagaSystem.start(transport, isolation.env);
    try {
      return await measure(ctx, system, sections);
    } finally {
      ctx.processes.push(...system.usage(`system.${transport}`));
      await system.stop();
    }
  } finally {
    await isolation
      .release()
      .catch((error: Error) => ctx.leftovers.push(`${transport} isolation: ${error.message}`));
  }
}

async function measure(
  ctx: BenchContext,
  system: SagaSystem,
  sections: SystemSections,
): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  // First, on the system as it started: the burst is what a new user meets before any warm-up.
  if (sections.burst && system.gatewayProblem) {
    ctx.failed.push(`burst.${system.transport} not run: ${system.gatewayProblem}`);
  } else if (sections.burst) {
    results.push(...(await runBurstSuite(ctx, system, sections.burstP99Ms)));
  }
  let confirmed: OrderRef[] = [];
  if (sections.saga) {
    const saga = await runSagaSuite(ctx, system);
    results.push(...saga.results);
    confirmed = saga.confirmed;
  }
  if (!sections.gateway) return results;
  if (system.gatewayProblem) {
    return [
      ...results,
      ...skipped(system.transport, { ...sections, saga: false }, system.gatewayProblem),
    ];
  }
  if (confirmed.length === 0) {
    // Only the gateway was asked for: a few orders, so that GET /orders/:id has something to read.
    const plan = new SagaPlan(`${ctx.runId.slice(-6)}-gw-`, 50);
    await seed(system.bus, plan);
    const ids = await placeAll(system.bus, plan, 8);
    confirmed = ids.map((id, i) => ({ id, customerId: plan.orders[i].customerId }));
  }
  results.push(...(await runGatewaySuite(ctx, system, confirmed, !sections.gatewayStaticsDone)));
  sections.gatewayStaticsDone = true;
  return results;
}

function skipped(transport: BenchTransport, sections: SystemSections, why: string): BenchResult[] {
  return [
    ...(sections.burst ? [notRun(`burst.${transport}`, 'ms', why)] : []),
    ...(sections.saga ? [notRun(`saga.${transport}`, 'sagas/s', why)] : []),
    ...(sections.gateway ? [notRun(`gateway.${transport}.orders-get`, 'req/s', why)] : []),
  ];
}
