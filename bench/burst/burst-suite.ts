import { TransportName } from '@railyard/messaging';
import { BenchResult } from '../report/bench-result';
import { BenchContext } from '../support/bench-context';
import { OrderBook } from '../saga/order-book';
import { checkInvariants } from '../saga/saga-invariants';
import { seed } from '../saga/saga-load';
import { SagaPlan } from '../saga/saga-plan';
import { SagaSystem } from '../saga/saga-system';
import { postBurst } from './http-burst';

const POLL_MS = 100;
/** Past a saga step's deadline (30 s): a stuck order is reported as pending, not waited for. */
const TERMINAL_WITHIN_MS = 60_000;
/** Kafka's p99 to 202 may be at most this multiple of RabbitMQ's (issue 13). */
const KAFKA_P99_OVER_RABBITMQ = 2;

/**
 * The burst a new user tries first: one product, one customer, `orders` concurrent
 * `POST /orders` through the gateway on a system that has just started. Every answer must be a
 * 202 (no 5xx, no timeout), every order must end terminal, money and stock conserved. A broken
 * guarantee is a failure of the run (`ctx.failed`), not only a missed target.
 */
export async function runBurstSuite(
  ctx: BenchContext,
  system: SagaSystem,
  p99ByTransport: Partial<Record<TransportName, number>>,
): Promise<BenchResult[]> {
  const t = system.transport;
  const n = ctx.profile.burst.orders;
  const plan = new SagaPlan(`${ctx.runId.slice(-6)}-burst-`, n, undefined, {
    skuCount: 1,
    customerCount: 1,
  });
  await seed(system.bus, plan);
  const burst = await postBurst(system.url('api-gateway'), plan.orders);
  const book = new OrderBook(system.dataDir);
  let rows;
  try {
    const deadline = Date.now() + TERMINAL_WITHIN_MS;
    while (book.terminalCount(plan.prefix) < burst.accepted.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    rows = book.orders(plan.prefix);
  } finally {
    book.close();
  }
  const pending = rows.filter((row) => row.status === 'PENDING').length;
  const invariants = await checkInvariants(
    system.bus,
    [{ plan, orderIds: burst.accepted, rows, perSecond: 0, p50Ms: 0, p99Ms: 0, pending }],
    burst.accepted.length,
  );
  const failedAnswers = n - (burst.statuses['202'] ?? 0);
  const serverErrors = Object.entries(burst.statuses)
    .filter(([status]) => Number(status) >= 500 || status === '0')
    .reduce((sum, [, count]) => sum + count, 0);
  const statuses = JSON.stringify(burst.statuses);
  ctx.log(`burst.${t}: ${statuses}, p50 ${burst.p50Ms} ms, p99 ${burst.p99Ms} ms to 202`);
  if (failedAnswers > 0 || pending > 0 || invariants.violations.length > 0) {
    ctx.failed.push(
      `burst.${t}: ${n} concurrent POST /orders answered ${statuses}` +
        `${burst.samples.length ? ` (e.g. ${burst.samples.join(' | ')})` : ''}; ` +
        `${pending} orders still PENDING after ${TERMINAL_WITHIN_MS} ms; ` +
        `${invariants.violations.length} invariant violations ${invariants.violations.slice(0, 3).join('; ')}`,
    );
  }
  p99ByTransport[t] = burst.p99Ms;
  const rabbitP99 = p99ByTransport.rabbitmq;
  return [
    {
      name: `burst.${t}.server-errors`,
      value: serverErrors,
      unit: '5xx or no answer',
      baseline: null,
      ratio: null,
      target: { text: '= 0', met: serverErrors === 0 },
      detail: `${n} concurrent POST /orders, one product, one customer, fresh system: ${statuses}`,
    },
    {
      name: `burst.${t}.p99-to-202`,
      value: burst.p99Ms,
      unit: 'ms',
      baseline: t === 'kafka' ? (rabbitP99 ?? null) : null,
      ratio: t === 'kafka' && rabbitP99 ? burst.p99Ms / rabbitP99 : null,
      target:
        t === 'kafka' && rabbitP99
          ? {
              text: `≤ ${KAFKA_P99_OVER_RABBITMQ}× RabbitMQ's`,
              met: burst.p99Ms <= KAFKA_P99_OVER_RABBITMQ * rabbitP99,
            }
          : null,
      detail: `p50 ${burst.p50Ms} ms, over the 202s`,
    },
    {
      name: `burst.${t}.invariants`,
      value: invariants.violations.length + pending,
      unit: 'violations',
      baseline: null,
      ratio: null,
      target: { text: '= 0', met: invariants.violations.length + pending === 0 },
      detail: [`${pending} pending`, invariants.checked, ...invariants.violations.slice(0, 3)].join(
        '; ',
      ),
    },
  ];
}
