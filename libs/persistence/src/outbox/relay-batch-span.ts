import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { railyardTracer } from '@railyard/platform';

/** semconv's messaging.batch.message_count, copied (incubating: see messaging's bus-semconv.ts). */
const ATTR_MESSAGING_BATCH_MESSAGE_COUNT = 'messaging.batch.message_count';
const ATTR_RELAY_FAILED = 'railyard.outbox.failed_count';

/**
 * Runs one relay pass over `rows` rows inside an INTERNAL span `outbox relay`: the parent of the
 * pass's `send` spans, each of which links to its message's creation context (the consumers stay
 * in the staging trace, see messaging's tracePublish). An empty pass (the relay polls) records
 * nothing, nor does a process without tracing.
 */
export async function traceRelayBatch<T extends { failed: unknown[] }>(
  rows: number,
  relay: () => Promise<T>,
): Promise<T> {
  const tracer = railyardTracer();
  if (!tracer || rows === 0) return relay();
  return tracer.startActiveSpan(
    'outbox relay',
    { kind: SpanKind.INTERNAL, attributes: { [ATTR_MESSAGING_BATCH_MESSAGE_COUNT]: rows } },
    async (span) => {
      try {
        const outcome = await relay();
        span.setAttribute(ATTR_RELAY_FAILED, outcome.failed.length);
        return outcome;
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
