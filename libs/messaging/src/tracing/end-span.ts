import { Span, SpanStatusCode } from '@opentelemetry/api';
import { toErrorShape } from '../errors/to-error-shape';
import { ATTR_ERROR_TYPE } from './bus-semconv';

/** Marks `span` failed by `error` (status, error.type, an exception event) and ends it. */
export function endSpanFailed(span: Span, error: unknown): void {
  const { code, message } = toErrorShape(error);
  span.setAttribute(ATTR_ERROR_TYPE, code);
  span.recordException(error instanceof Error ? error : { name: code, message });
  span.setStatus({ code: SpanStatusCode.ERROR, message });
  span.end();
}

/** Ends `span` when `work` settles, failed if it rejects; resolves or rejects as `work` does. */
export async function endSpanWith<T>(span: Span, work: Promise<T>): Promise<T> {
  try {
    const result = await work;
    span.end();
    return result;
  } catch (error) {
    endSpanFailed(span, error);
    throw error;
  }
}
