/**
 * A service on the TCP bus whose one event handler takes a while, in its own process so that
 * its resident memory is its own: tcp-memory-bound.spec.ts floods it and asks, over IPC, how
 * far its RSS rose. Run with ts-node (transpile only) and tsconfig-paths.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createTransport, messagingOptionsFromEnv } from '@railyard/messaging';

const HANDLER_MS = Number(process.env.HANDLER_MS ?? '1');
const SAMPLE_MS = 20;

async function main(): Promise<void> {
  // The spec sets this process's environment (TRANSPORT, PAYMENT_TCP_PORT, BUS_SECRET…).
  const transport = createTransport(messagingOptionsFromEnv('payment', process.env));
  let handled = 0;
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, SAMPLE_MS);
  await transport.connect();
  await transport.listen({
    events: new Map([
      [
        'bulk.loaded',
        async () => {
          await sleep(HANDLER_MS);
          handled++;
        },
      ],
    ]),
    requests: new Map(),
  });
  process.on('message', (message: string) => {
    if (message === 'reset-peak') peakRss = process.memoryUsage.rss();
    process.send?.({ handled, rss: process.memoryUsage.rss(), peakRss });
  });
  process.on('disconnect', () => {
    clearInterval(sampler);
    void transport.close().finally(() => process.exit(0));
  });
  process.send?.({ ready: true, handled, rss: process.memoryUsage.rss(), peakRss });
}

void main();
