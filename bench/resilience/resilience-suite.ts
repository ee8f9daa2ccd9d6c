import {
  CircuitBreaker,
  DEFAULT_RESILIENCE_SETTINGS,
  DownstreamPolicy,
} from '@railyard/resilience';
import { TARGETS } from '../config/targets';
import { BenchResult } from '../report/bench-result';
import { BenchContext } from '../support/bench-context';
import { median } from '../stats/percentile';

type Call = () => Promise<unknown>;

const work = () => Promise.resolve(1);

/** Nanoseconds per call of `n` sequential awaited calls. */
async function timePerCall(call: Call, n: number): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await call();
  return Number(process.hrtime.bigint() - started) / n;
}

/**
 * B5: what a guarded call costs over a bare `await` of the same resolved promise. The three are
 * measured round-robin (bare, breaker, full stack) so that drift hits them alike; the figure is the
 * median over rounds of (guarded − bare). The policies are the gateway's: libs/resilience's closed
 * CircuitBreaker, and the DownstreamPolicy with the default settings (budget timeout, bulkhead,
 * retry, breaker, attempt timeout) on an idempotent call.
 */
export async function runResilienceSuite(ctx: BenchContext): Promise<BenchResult[]> {
  const { rounds, calls } = ctx.profile.resilience;
  const breaker = new CircuitBreaker('bench', DEFAULT_RESILIENCE_SETTINGS.breaker);
  const stack = new DownstreamPolicy('bench', DEFAULT_RESILIENCE_SETTINGS);
  const candidates: Record<'bare' | 'breaker' | 'stack', Call> = {
    bare: work,
    breaker: () => breaker.policy.execute(work),
    stack: () => stack.execute(work, { idempotent: true }),
  };
  const times = { bare: [] as number[], breaker: [] as number[], stack: [] as number[] };
  for (let round = -1; round < rounds; round++) {
    for (const name of ['bare', 'breaker', 'stack'] as const) {
      const ns = await timePerCall(candidates[name], calls);
      if (round >= 0) times[name].push(ns); // round -1 warms up the JIT
    }
  }
  const overheadUs = (name: 'breaker' | 'stack') =>
    median(times[name].map((ns, i) => ns - times.bare[i])) / 1_000;
  const bareUs = median(times.bare) / 1_000;
  const line = (
    name: string,
    key: 'breaker' | 'stack',
    limit: number,
    what: string,
  ): BenchResult => {
    const value = overheadUs(key);
    return {
      name,
      value,
      unit: 'µs/call',
      baseline: bareUs,
      ratio: null,
      target: { text: `≤ ${limit} µs over a bare await`, met: value <= limit },
      detail: `${what}; value = guarded − bare per call (baseline: the bare await itself); median of ${rounds} rounds × ${calls} calls`,
    };
  };
  ctx.log(
    `resilience: breaker +${overheadUs('breaker').toFixed(2)} µs, stack +${overheadUs('stack').toFixed(2)} µs`,
  );
  return [
    line(
      'resilience.closed-breaker.overhead',
      'breaker',
      TARGETS.closedBreakerUs,
      'libs/resilience CircuitBreaker (cockatiel breaker + ProbationBreaker), closed',
    ),
    line(
      'resilience.full-stack.overhead',
      'stack',
      TARGETS.fullStackUs,
      'DownstreamPolicy, default settings, idempotent call',
    ),
  ];
}
