import { SinkCollector } from '../support/sink-collector';

/** One way of running the apps, as far as telemetry goes. */
export interface TelemetryMode {
  name: 'off' | 'on';
  /** The apps' environment for this mode (set either way: the shell's own OTEL_* must not leak in). */
  env(sink: SinkCollector): Record<string, string>;
}

/** Tracing exported over OTLP to a collector on loopback (every span sampled) and metrics recorded. */
export const ON: TelemetryMode = {
  name: 'on',
  env: (sink) => ({
    METRICS_ENABLED: 'true',
    OTEL_SDK_DISABLED: 'false',
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${sink.url}/v1/traces`,
    OTEL_TRACES_SAMPLER: 'parentbased_always_on',
  }),
};

/** Neither: no tracer provider registered, no metrics registry. */
export const OFF: TelemetryMode = {
  name: 'off',
  env: () => ({ METRICS_ENABLED: 'false', OTEL_SDK_DISABLED: 'true' }),
};
