import { BenchEndpoint } from '../endpoints/bench-endpoint';
import { eventPayload } from '../event-payload';
import { ThroughputSample } from '../worker/worker-protocol';
import { Receiver } from './receiver';

const RUN_TIMEOUT_MS = 120_000;

/**
 * Closed loop: `window` publishers each publish, await the confirm, publish the next, until
 * `messages` were sent; the run ends when the consumer has handled all of them.
 */
export async function throughputRun(
  endpoint: BenchEndpoint,
  receiver: Receiver,
  run: number,
  messages: number,
  window: number,
): Promise<ThroughputSample> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const allHandled = receiver.begin(run, messages, RUN_TIMEOUT_MS, false);
  let next = 0;
  const lane = async () => {
    while (next < messages) await endpoint.publish(eventPayload(run, next++, performance.now()));
  };
  await Promise.all(Array.from({ length: Math.min(window, messages) }, lane));
  await allHandled;
  const elapsedMs = performance.now() - started;
  if (receiver.count < messages) {
    throw new Error(
      `only ${receiver.count} of ${messages} events handled within ${RUN_TIMEOUT_MS} ms`,
    );
  }
  const used = process.cpuUsage(cpu);
  return {
    messages,
    elapsedMs,
    perSecond: (messages / elapsedMs) * 1_000,
    cpuMs: (used.user + used.system) / 1_000,
  };
}
