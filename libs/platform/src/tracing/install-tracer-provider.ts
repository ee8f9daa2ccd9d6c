import { context, propagation, trace } from '@opentelemetry/api';
import type { Sampler, SpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { RAILYARD_TRACER_NAME, setRailyardTracer } from './railyard-tracer';
import { traceContextPropagator } from './trace-context-propagator';

/** A tracer provider registered as the process's global one; `uninstall` undoes all of it. */
export interface InstalledTracerProvider {
  readonly provider: TracerProvider;
  /** Exports what is still queued, then unregisters the provider, context manager and propagator. */
  uninstall(): Promise<void>;
}

/**
 * Registers, as the OpenTelemetry API's globals: an AsyncLocalStorage context manager (the active
 * span follows awaits, as LogContext does), the W3C trace-context propagator, and a provider whose
 * spans go to `processors` under the resource `service.name` (OTEL_RESOURCE_ATTRIBUTES adds to it).
 * The SDK does none of this by itself: the @opentelemetry/sdk-trace README's "More complete
 * tracing setup" lists the same three registrations.
 */
export function installTracerProvider(
  serviceName: string,
  processors: SpanProcessor[],
  /** The SDK's default (parent-based, always on) when not given. */
  sampler?: Sampler,
): InstalledTracerProvider {
  // Required here, not imported: a process with tracing off never loads the SDK. In an A/B of the
  // untraced publish → handle path (memory transport), runs of a process that had merely loaded
  // @opentelemetry/sdk-trace were often ~30% slower per message (bimodal, cause not pinned down);
  // with the lazy load the two are alike.
  const { AsyncLocalStorageContextManager } =
    require('@opentelemetry/context-async-hooks') as typeof import('@opentelemetry/context-async-hooks');
  const {
    defaultResource,
    detectResources,
    resourceAttributesEnvDetector,
    resourceFromAttributes,
  } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { TracerProvider } =
    require('@opentelemetry/sdk-trace') as typeof import('@opentelemetry/sdk-trace');
  const { ATTR_SERVICE_NAME } =
    require('@opentelemetry/semantic-conventions') as typeof import('@opentelemetry/semantic-conventions');
  const resource = defaultResource()
    .merge(detectResources({ detectors: [resourceAttributesEnvDetector] }))
    .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }));
  const provider = new TracerProvider({ resource, spanProcessors: processors, sampler });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(traceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  setRailyardTracer(provider.getTracer(RAILYARD_TRACER_NAME));
  return {
    provider,
    async uninstall() {
      setRailyardTracer(undefined);
      try {
        await provider.shutdown();
      } finally {
        trace.disable();
        propagation.disable();
        context.disable();
      }
    },
  };
}
