import type { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace';
import { installTracerProvider } from './install-tracer-provider';

/** Tracing for specs: every ended span is kept in memory at once. */
export interface InMemoryTracing {
  readonly exporter: InMemorySpanExporter;
  /** The spans ended so far, in the order they ended. */
  spans(): ReadableSpan[];
  /** Forgets the spans ended so far. */
  reset(): void;
  uninstall(): Promise<void>;
}

/**
 * Installs a provider that hands each span, as it ends, to an InMemorySpanExporter (the simple
 * processor exports one span at a time, no batching delay to wait for). Uninstall it in afterAll.
 */
export function installInMemoryTracing(serviceName = 'spec'): InMemoryTracing {
  // Required, not imported: the SDK stays unloaded in processes that never trace (see
  // installTracerProvider).
  const sdk = require('@opentelemetry/sdk-trace') as typeof import('@opentelemetry/sdk-trace');
  const exporter = new sdk.InMemorySpanExporter();
  const installed = installTracerProvider(serviceName, [new sdk.SimpleSpanProcessor({ exporter })]);
  return {
    exporter,
    spans: () => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
    uninstall: () => installed.uninstall(),
  };
}
