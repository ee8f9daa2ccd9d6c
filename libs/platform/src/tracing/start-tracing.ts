import { instrumentDatabaseClients } from './database-instrumentation';
import { InstalledTracerProvider, installTracerProvider } from './install-tracer-provider';
import { samplerFromEnv } from './sampler-from-env';
import { OtlpProtocol, readTracingEnv } from './tracing-env';

/** What startTracing set up. */
export interface TracingStatus {
  /** True when spans are exported (an OTLP endpoint is configured). */
  readonly exporting: boolean;
  readonly serviceName: string;
  readonly endpoint?: string;
  readonly protocol?: OtlpProtocol;
}

let started:
  | { status: TracingStatus; installed?: InstalledTracerProvider; stopDatabaseSpans?: () => void }
  | undefined;

/**
 * Sets up tracing for this process, once (later calls return the first result): call it first in
 * main.ts, before the app is built. With an OTLP endpoint in the environment (see readTracingEnv)
 * spans are batched and exported over OTLP/HTTP (protobuf unless told JSON); without one nothing is registered at all, the
 * OpenTelemetry API stays its no-op self and the bus skips span work (railyardTracer()).
 * PostgreSQL queries become spans once the app says it uses PostgreSQL (traceDatabaseClients).
 */
export function startTracing(appName: string, env: NodeJS.ProcessEnv = process.env): TracingStatus {
  if (started) return started.status;
  const { serviceName, endpoint, protocol } = readTracingEnv(appName, env);
  if (!endpoint) {
    started = { status: { exporting: false, serviceName } };
    return started.status;
  }
  const sampler = samplerFromEnv(env); // first: a bad sampler setting fails before anything starts
  // The URL is given (readTracingEnv resolved it); the exporter still reads OTEL_EXPORTER_OTLP_HEADERS,
  // _TIMEOUT, … from process.env itself (its README: "Configuration options as environment
  // variables"). The SDK 3.x reads no variable: the sampler comes from samplerFromEnv, the batch
  // processor keeps its defaults (5 s delay, batches of 512, queue of 2048).
  // Required here, not imported: the exporter brings the OTLP transformer (and its logs and metrics
  // SDKs), and the SDK itself, into every process that loads @railyard/platform, for nothing when
  // tracing is off (see installTracerProvider).
  // Protobuf by default: the -proto exporter writes each span straight into the wire format,
  // where JSON first builds an object tree of the whole batch to stringify (measured with 512
  // message spans: 6-10 µs a span against 15-17, and half the bytes).
  const { OTLPTraceExporter } =
    protocol === 'http/json'
      ? (require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http'))
      : (require('@opentelemetry/exporter-trace-otlp-proto') as typeof import('@opentelemetry/exporter-trace-otlp-proto'));
  const { BatchSpanProcessor } =
    require('@opentelemetry/sdk-trace') as typeof import('@opentelemetry/sdk-trace');
  const processor = new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: endpoint }) });
  const installed = installTracerProvider(serviceName, [processor], sampler);
  started = { status: { exporting: true, serviceName, endpoint, protocol }, installed };
  return started.status;
}

/**
 * PostgreSQL queries made under a span become its children from now on, when tracing exports (a
 * no-op otherwise, and when already done). Call it before `pg` is first required: PersistenceModule
 * does when its database is PostgreSQL, before TypeORM builds the DataSource (which requires `pg`).
 * Not done by startTracing for every app: the instrumentation's require hook resolves every module
 * the process loads from then on, seconds of start-up CPU (measured: an order-service start took
 * 4.8 s of CPU in loading with it, 1.6 s without) that an app on SQLite pays for nothing.
 */
export function traceDatabaseClients(): void {
  if (!started?.installed || started.stopDatabaseSpans) return;
  started.stopDatabaseSpans = instrumentDatabaseClients(started.installed.provider);
}

/**
 * Exports the spans still queued and stops tracing; a no-op when nothing was started. Called by
 * TracingModule when the app closes: the batch processor holds up to 5 s of spans, lost otherwise.
 */
export async function shutdownTracing(): Promise<void> {
  const { installed, stopDatabaseSpans } = started ?? {};
  started = undefined;
  // Unpatched first, so that no query starts a span on a provider that is shutting down.
  stopDatabaseSpans?.();
  await installed?.uninstall();
}
