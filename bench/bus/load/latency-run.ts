import { percentile } from '../../stats/percentile';
import { BenchEndpoint } from '../endpoints/bench-endpoint';
import { eventPayload } from '../event-payload';
import { LatencySample } from '../worker/worker-protocol';
import { Receiver } from './receiver';

const DRAIN_TIMEOUT_MS = 30_000;

/**
 * Open loop: event i is due at start + i/rate and carries that due time, so a publisher that
 * falls behind shows up as latency instead of silently lowering the rate (no coordinated
 * omission). Latency = handled − due, in one process, one clock.
 */
export async function latencyRun(
  endpoint: BenchEndpoint,
  receiver: Receiver,
  run: number,
  rate: number,
  seconds: number,
): Promise<LatencySample> {
  const total = Math.max(1, Math.round(rate * seconds));
  const interval = 1_000 / rate;
  const cpu = process.cpuUsage();
  const allHandled = receiver.begin(run, total, seconds * 1_000 + DRAIN_TIMEOUT_MS, true);
  const failures: unknown[] = [];
  const started = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && started + sent * interval <= now) {
        const due = started + sent * interval;
        endpoint.publish(eventPayload(run, sent++, due)).catch((error) => failures.push(error));
      }
      if (sent >= total) resolve();
      else setTimeout(tick, Math.max(0, started + sent * interval - performance.now()));
    };
    tick();
  });
  await allHandled;
  if (failures.length > 0)
    throw new Error(`${failures.length} publishes failed: ${String(failures[0])}`);
  const samples = receiver.latencySamples();
  const used = process.cpuUsage(cpu);
  return {
    sent: total,
    received: receiver.count,
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    maxMs: percentile(samples, 100),
    cpuMs: (used.user + used.system) / 1_000,
  };
}
