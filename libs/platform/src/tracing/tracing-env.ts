/** What the standard OpenTelemetry variables say about exporting traces. */
export interface TracingEnv {
  /** The URL spans are POSTed to over OTLP/HTTP; undefined: nowhere, tracing stays off. */
  readonly endpoint?: string;
  readonly serviceName: string;
  /** How spans are encoded on the wire. */
  readonly protocol: OtlpProtocol;
}

/** The OTLP/HTTP encodings: protobuf, the specification's default, or JSON. gRPC is not offered. */
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

/**
 * Reads the variables of the OpenTelemetry SDK environment specification
 * (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/):
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT turn export on,
 * OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none turn it off again, OTEL_SERVICE_NAME
 * overrides the app's name, OTEL_EXPORTER_OTLP_TRACES_PROTOCOL or OTEL_EXPORTER_OTLP_PROTOCOL
 * picks the encoding (default `http/protobuf`, as the specification says; an unknown one, `grpc`
 * included, fails the start). The exporter reads OTEL_EXPORTER_OTLP_HEADERS, … itself.
 */
export function readTracingEnv(appName: string, env: NodeJS.ProcessEnv): TracingEnv {
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || appName;
  const disabled =
    env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true' ||
    env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none';
  const endpoint = disabled ? undefined : tracesUrl(env);
  return { serviceName, endpoint, protocol: endpoint ? protocolOf(env) : 'http/protobuf' };
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

function protocolOf(env: NodeJS.ProcessEnv): OtlpProtocol {
  const variable = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL?.trim()
    ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'
    : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const value = env[variable]?.trim().toLowerCase() || 'http/protobuf';
  if ((OTLP_PROTOCOLS as readonly string[]).includes(value)) return value as OtlpProtocol;
  throw new Error(`${variable}=${value} is not supported: use ${OTLP_PROTOCOLS.join(' or ')}`);
}
