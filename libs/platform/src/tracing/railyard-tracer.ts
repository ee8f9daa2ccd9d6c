import type { Tracer } from '@opentelemetry/api';

/** Instrumentation scope of the spans Railyard's libs create (the bus, the outbox). */
export const RAILYARD_TRACER_NAME = '@railyard/messaging';

let active: Tracer | undefined;

/**
 * The tracer of this process while a tracer provider is installed (startTracing with an exporter,
 * or installInMemoryTracing in a spec), else undefined. The bus checks this before any span work:
 * with tracing off a message costs one property read, not a call into the API's no-op tracer
 * (docs/tracing.md has the numbers).
 */
export function railyardTracer(): Tracer | undefined {
  return active;
}

/** Set by installTracerProvider only. */
export function setRailyardTracer(tracer: Tracer | undefined): void {
  active = tracer;
}
