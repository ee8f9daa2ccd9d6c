import { authHeaders } from '../../test/support/gateway-tokens';
import { TARGETS } from '../config/targets';
import { BenchResult, ratioOf } from '../report/bench-result';
import { cpuCostResult } from '../report/cpu-meter';
import { usageOfPid } from '../report/process-usage';
import { BenchContext } from '../support/bench-context';
import { OrderRef } from '../saga/order-book';
import { SagaSystem } from '../saga/saga-system';
import { compareHttp, HttpComparison, medianOf } from './ab-http';
import { HttpChild, startHttpChild } from './http-child';

const LIVE = ['/health/live'];

/**
 * B4 against the built api-gateway of a running system: GET /orders/:id (order, reservation and
 * payments aggregated over the bus) by each order's own customer, on this transport; once per run
 * also the gateway's static route versus a bare Nest route, and the resilience interceptor on
 * versus off. Every figure is compared with a bare Nest app measured in the same run.
 */
export async function runGatewaySuite(
  ctx: BenchContext,
  system: SagaSystem,
  confirmed: OrderRef[],
  withStaticRoutes: boolean,
): Promise<BenchResult[]> {
  const { gateway } = ctx.profile;
  const children: Array<[string, HttpChild]> = [];
  try {
    const bare = await startHttpChild('bare-nest.main.ts');
    children.push([`${system.transport} bare Nest app`, bare]);
    const gw = system.url('api-gateway');
    const t = system.transport;
    const meter = system.cpuMeter();
    const orders = await compareHttp(
      { base: gw, paths: confirmed.slice(0, 200).map(ownOrderPath) },
      { base: bare.url, paths: LIVE },
      {
        ...gateway,
        pairs: Math.max(1, Math.round(gateway.pairs / 2)),
        aroundA: (run) => meter.around(run),
      },
    );
    const results = [
      ...ordersResults(`gateway.${t}.orders-get`, orders, gateway.connections),
      cpuCostResult(
        `gateway.${t}.orders-get.cpu-per-request`,
        'GET',
        orders.a.reduce((n, load) => n + load.requests, 0),
        meter.totals(),
      ),
    ];
    ctx.log(`gateway.${t}: GET /orders/:id ${medianOf(orders.a, 'perSecond').toFixed(0)} req/s`);
    if (withStaticRoutes) {
      const statics = await compareHttp(
        { base: gw, paths: LIVE },
        { base: bare.url, paths: LIVE },
        gateway,
      );
      results.push(...staticResults(statics, gateway.connections));
      const intercepted = await startHttpChild('interceptor-app.main.ts');
      children.push(['interceptors on/off app', intercepted]);
      const onOff = await compareHttp(
        { base: intercepted.url, paths: ['/on'] },
        { base: intercepted.url, paths: ['/off'] },
        gateway,
      );
      results.push(interceptorResult(onOff, gateway.connections));
      ctx.log(
        `gateway: static ${statics.ratio.toFixed(2)}× bare, interceptors ${onOff.ratio.toFixed(2)}× off`,
      );
    }
    return results;
  } finally {
    for (const [role, child] of children) {
      const usage = usageOfPid(`gateway.${role}`, child.child.pid);
      if (usage) ctx.processes.push(usage);
      await child.stop();
    }
  }
}

/** With the token of the order's customer, as that client would read it (ownership checked). */
const ownOrderPath = ({ id, customerId }: OrderRef) => ({
  path: `/orders/${id}`,
  headers: authHeaders(customerId),
});

const failedNote = (c: HttpComparison) => {
  const failed = c.a.reduce((n, load) => n + load.failed, 0);
  return failed > 0 ? `; ${failed} non-2xx/errors` : '';
};

function ordersResults(name: string, c: HttpComparison, connections: number): BenchResult[] {
  const how = `autocannon, ${connections} connections, ${c.a.length} A/B pairs vs the bare Nest static route; 3 bus requests per call${failedNote(c)}`;
  const line = (
    metric: string,
    key: 'perSecond' | 'p50Ms' | 'p99Ms',
    unit: string,
  ): BenchResult => {
    const [value, baseline] = [medianOf(c.a, key), medianOf(c.b, key)];
    return {
      name: `${name}.${metric}`,
      value,
      unit,
      baseline,
      ratio: ratioOf(value, baseline),
      target:
        key === 'perSecond'
          ? {
              text: `≥ ${TARGETS.ordersGetPerSecond} req/s`,
              met: value >= TARGETS.ordersGetPerSecond,
            }
          : null,
      detail: how,
    };
  };
  return [
    line('throughput', 'perSecond', 'req/s'),
    line('latency-p50', 'p50Ms', 'ms'),
    line('latency-p99', 'p99Ms', 'ms'),
  ];
}

function staticResults(c: HttpComparison, connections: number): BenchResult[] {
  const how = `GET /health/live (helmet, throttler guard, pipes, filter) vs the same body from a bare Nest route; ${c.a.length} A/B pairs, ${connections} connections${failedNote(c)}`;
  const [value, baseline] = [medianOf(c.a, 'perSecond'), medianOf(c.b, 'perSecond')];
  const [p99, bareP99] = [medianOf(c.a, 'p99Ms'), medianOf(c.b, 'p99Ms')];
  return [
    {
      name: 'gateway.static.throughput',
      value,
      unit: 'req/s',
      baseline,
      ratio: c.ratio,
      target: {
        text: `≥ ${TARGETS.gatewayStaticRatio}× bare Nest`,
        met: c.ratio >= TARGETS.gatewayStaticRatio,
      },
      detail: how,
    },
    {
      name: 'gateway.static.latency-p99',
      value: p99,
      unit: 'ms',
      baseline: bareP99,
      ratio: ratioOf(p99, bareP99),
      target: null,
    },
  ];
}

function interceptorResult(c: HttpComparison, connections: number): BenchResult {
  return {
    name: 'gateway.interceptors.throughput',
    value: medianOf(c.a, 'perSecond'),
    unit: 'req/s',
    baseline: medianOf(c.b, 'perSecond'),
    ratio: c.ratio,
    target: {
      text: `on ≥ ${TARGETS.interceptorsRatio}× off`,
      met: c.ratio >= TARGETS.interceptorsRatio,
    },
    detail: `same no-I/O handler with @Resilient (default policy) vs without, one process; ${c.a.length} A/B pairs, ${connections} connections${failedNote(c)}`,
  };
}
