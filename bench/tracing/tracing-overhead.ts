/**
 * What bus tracing costs per message, tracing off and on (issue 16). Not part of `npm run bench`:
 * run it alone, on a quiet machine,
 *
 *   npx ts-node -T -P bench/tsconfig.json -r tsconfig-paths/register bench/tracing/tracing-overhead.ts
 *
 * Part 1, the hot path: publish → deliver → handle on the memory transport (encoding, headers,
 * validation, the delivery pipeline; no network), in rounds that alternate the modes so that
 * drift hits them alike; prints the median µs per message of each mode.
 * Part 2, why the bus checks railyardTracer() instead of calling the OpenTelemetry API's no-op
 * tracer when tracing is off: the cost of each per call.
 */
import { Logger } from '@nestjs/common';
import { context, ROOT_CONTEXT, SpanKind, trace, Tracer } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { createEnvelope, createTransport, messagingOptionsFromEnv } from '@railyard/messaging';
import {
  installInMemoryTracing,
  railyardTracer,
  shutdownTracing,
  startTracing,
} from '@railyard/platform';
import { sinkCollector } from '../support/sink-collector';

const MESSAGES = Number(process.env.MESSAGES ?? 20_000);
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const IN_FLIGHT = 256;

type Mode = { name: string; setUp(): Promise<() => Promise<void>> };

async function microsPerMessage(round: number): Promise<number> {
  const broker = `tracing-bench-${round}-${Math.random()}`;
  const env = { TRANSPORT: 'memory', MESSAGING_MEMORY_BROKER: broker } as const;
  const consumer = createTransport(messagingOptionsFromEnv('consumer', env));
  const producer = createTransport(messagingOptionsFromEnv('producer', env));
  let handled = 0;
  let wake: () => void = () => undefined;
  await consumer.listen({
    events: new Map([
      [
        'bench.event',
        async () => {
          handled++;
          wake();
        },
      ],
    ]),
    requests: new Map(),
  });
  const payload = { orderId: 'o-1', items: [{ sku: 'sku-1', quantity: 2 }], note: 'x'.repeat(300) };
  const started = process.hrtime.bigint();
  for (let sent = 0; sent < MESSAGES; sent += IN_FLIGHT) {
    const batch = Math.min(IN_FLIGHT, MESSAGES - sent);
    const target = handled + batch;
    const done = new Promise<void>((resolve) => {
      wake = () => {
        if (handled >= target) resolve();
      };
    });
    await Promise.all(
      Array.from({ length: batch }, () =>
        producer.publish(createEnvelope({ type: 'bench.event', payload })),
      ),
    );
    await done;
  }
  const micros = Number(process.hrtime.bigint() - started) / 1_000 / MESSAGES;
  await producer.close();
  await consumer.close();
  return micros;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function hotPath(collectorUrl: string): Promise<void> {
  const modes: Mode[] = [
    { name: 'tracing off (no provider)', setUp: async () => async () => undefined },
    {
      name: 'tracing on, OTLP/HTTP batch export',
      setUp: async () => {
        startTracing('bench', { OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl });
        return shutdownTracing;
      },
    },
    {
      name: 'tracing on, in-memory exporter',
      setUp: async () => {
        const tracing = installInMemoryTracing('bench');
        return () => tracing.uninstall();
      },
    },
  ];
  // ONLY_OFF=1 measures the off path alone, in a process that never loads the SDK: run it from this
  // tree and from a checkout without tracing (same script, copied) for an A/B of what tracing costs
  // when it is off.
  if (process.env.ONLY_OFF === '1') modes.splice(1);
  const results = new Map<string, number[]>(modes.map((mode) => [mode.name, []]));
  await microsPerMessage(-1); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of modes) {
      const tearDown = await mode.setUp();
      results.get(mode.name)?.push(await microsPerMessage(round));
      await tearDown();
    }
  }
  const base = median(results.get(modes[0].name) ?? []);
  console.log(
    `\npublish → handle on the memory transport, ${MESSAGES} messages × ${ROUNDS} rounds`,
  );
  for (const [name, values] of results) {
    const value = median(values);
    const extra = value - base;
    console.log(
      `  ${name.padEnd(38)} ${value.toFixed(2)} µs/msg` +
        (name === modes[0].name
          ? ''
          : `  (+${extra.toFixed(2)} µs, ×${(value / base).toFixed(2)})`),
    );
  }
}

function nanosPerCall(label: string, iterations: number, call: () => void): void {
  for (let i = 0; i < 10_000; i++) call(); // warm-up
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) call();
  const nanos = Number(process.hrtime.bigint() - started) / iterations;
  console.log(`  ${label.padEnd(60)} ${nanos.toFixed(1)} ns/call`);
}

/** One process span's worth of API calls on `tracer`, around a trivial piece of work. */
function spanAround(tracer: Tracer, work: () => number): number {
  const span = tracer.startSpan(
    'process bench.event',
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system.name': 'memory',
        'messaging.destination.name': 'bench.event',
        'messaging.operation.type': 'process',
        'messaging.message.id': 'id',
        'messaging.message.conversation_id': 'id',
      },
    },
    ROOT_CONTEXT,
  );
  const result = context.with(trace.setSpan(ROOT_CONTEXT, span), work);
  span.end();
  return result;
}

function offPathChoice(): void {
  console.log('\ntracing off: what a message would pay for a span nobody exports');
  const work = () => 1;
  let sink = 0;
  nanosPerCall('railyardTracer() check, then the work (what the bus does)', 5_000_000, () => {
    sink += railyardTracer() ? 0 : work();
  });
  nanosPerCall('API no-op tracer: startSpan + context.with + end', 2_000_000, () => {
    sink += spanAround(trace.getTracer('bench'), work);
  });
  const bare = new TracerProvider().getTracer('bench');
  nanosPerCall('a provider without processors: the same calls', 1_000_000, () => {
    sink += spanAround(bare, work);
  });
  if (sink < 0) console.log(sink);
}

async function main(): Promise<void> {
  Logger.overrideLogger(false);
  const sink = await sinkCollector();
  try {
    await hotPath(sink.url);
    if (process.env.ONLY_OFF !== '1') offPathChoice();
  } finally {
    await sink.close();
  }
}

void main();
