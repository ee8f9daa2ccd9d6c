import { SinkCollector } from '../support/sink-collector';

/** One way of running the apps, as far as telemetry goes. */
export interface TelemetryMode {
  name: 'off' | 'on' | 'tracing-only' | 'metrics-only';
  /** Spans are exported to the sink: it must have received some by the end of the run. */
  tracing: boolean;
  /** The apps serve /metrics. */
  metrics: boolean;
  /** The apps' environment for this mode (set either way: the shell's own OTEL_* must not leak in). */
  env(sink: SinkCollector): Record<string, string>;
}

function mode(name: TelemetryMode['name'], tracing: boolean, metrics: boolean): TelemetryMode {
  return {
    name,
    tracing,
    metrics,
    env: (sink) => ({
      METRICS_ENABLED: String(metrics),
      ...(tracing
        ? {
            OTEL_SDK_DISABLED: 'false',
            OTEL_TRACES_EXPORTER: 'otlp',
            OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${sink.url}/v1/traces`,
            OTEL_TRACES_SAMPLER: 'parentbased_always_on',
          }
        : { OTEL_SDK_DISABLED: 'true' }),
    }),
  };
}

/** Tracing exported over OTLP to a collector on loopback (every span sampled) and metrics recorded. */
export const ON = mode('on', true, true);
/** Neither: no tracer provider registered, no metrics registry. */
export const OFF = mode('off', false, false);
/** ON's halves alone (`--observability-parts`): which one the extra CPU per saga comes from. */
export const TRACING_ONLY = mode('tracing-only', true, false);
export const METRICS_ONLY = mode('metrics-only', false, true);
