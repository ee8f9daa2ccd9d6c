/** What the standard OpenTelemetry variables say about exporting traces. */
export interface TracingEnv {
  /** The URL spans are POSTed to over OTLP/HTTP; undefined: nowhere, tracing stays off. */
  readonly endpoint?: string;
  readonly serviceName: string;
}

/**
 * Reads the variables of the OpenTelemetry SDK environment specification
 * (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/):
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT turn export on,
 * OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none turn it off again, OTEL_SERVICE_NAME
 * overrides the app's name. The exporter reads the endpoint (and OTEL_EXPORTER_OTLP_HEADERS, …)
 * itself; this only decides whether there is one.
 */
export function readTracingEnv(appName: string, env: NodeJS.ProcessEnv): TracingEnv {
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || appName;
  const disabled =
    env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true' ||
    env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none';
  const endpoint = disabled ? undefined : tracesUrl(env);
  return { serviceName, endpoint };
}

/**
 * As the OTLP exporter specification says
 * (https://opentelemetry.io/docs/specs/otel/protocol/exporter/#endpoint-urls-for-otlphttp): the
 * per-signal variable is the URL as is, the general one a base to which `v1/traces` is appended.
 * Resolved here, not left to the exporter, so that startTracing's `env` (not only process.env)
 * decides where spans go.
 */
function tracesUrl(env: NodeJS.ProcessEnv): string | undefined {
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) return traces;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined;
}
