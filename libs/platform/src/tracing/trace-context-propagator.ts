import type { TextMapPropagator } from '@opentelemetry/api';

let propagator: TextMapPropagator | undefined;

/**
 * The W3C Trace Context propagator (https://www.w3.org/TR/trace-context/: `traceparent`,
 * `tracestate`) through which Railyard reads and writes trace context: in bus envelopes and at the
 * gateway's HTTP edge. Always W3C, not the global propagator: the envelope's header names are part
 * of the bus's wire format, and the gateway reads what any W3C-speaking caller sends, whatever
 * else a process registers globally (OTEL_PROPAGATORS, an SDK loaded first).
 * Made on first use, i.e. only once something is traced: @opentelemetry/core stays unloaded in a
 * process that never traces (see installTracerProvider).
 */
export function traceContextPropagator(): TextMapPropagator {
  if (!propagator) {
    const { W3CTraceContextPropagator } =
      require('@opentelemetry/core') as typeof import('@opentelemetry/core');
    propagator = new W3CTraceContextPropagator();
  }
  return propagator;
}
