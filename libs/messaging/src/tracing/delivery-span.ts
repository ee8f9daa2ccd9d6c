import { Span, SpanStatusCode } from '@opentelemetry/api';
import { toErrorShape } from '../errors/to-error-shape';
import {
  ATTR_ERROR_TYPE,
  ATTR_RAILYARD_ATTEMPT,
  ATTR_RAILYARD_OUTCOME,
  ATTR_RAILYARD_RETRY_DELAY_MS,
  EVENT_ATTEMPT_FAILED,
} from './bus-semconv';

/**
 * What the delivery pipeline tells the process span of an event. One span per delivery, retries
 * included: each failed attempt that will be retried is an event on it (its error and the backoff
 * before the next), so the span's duration is what the message cost, backoff waits included, and
 * a trace does not grow a span per attempt of a flapping handler.
 */
export class DeliverySpan {
  constructor(private readonly span: Span) {}

  get traceId(): string {
    return this.span.spanContext().traceId;
  }

  get spanId(): string {
    return this.span.spanContext().spanId;
  }

  attemptFailed(attempt: number, error: unknown, retryInMs: number): void {
    const { code, message } = toErrorShape(error);
    this.span.addEvent(EVENT_ATTEMPT_FAILED, {
      [ATTR_RAILYARD_ATTEMPT]: attempt,
      'exception.type': code,
      'exception.message': message,
      [ATTR_RAILYARD_RETRY_DELAY_MS]: retryInMs,
    });
  }

  handled(attempts: number): void {
    this.span.setAttributes({
      [ATTR_RAILYARD_OUTCOME]: 'handled',
      [ATTR_RAILYARD_ATTEMPT]: attempts,
    });
  }

  /** The handler failed for good: the span is an error though the message is acked. */
  deadLettered(attempts: number, error: unknown): void {
    const { code, message } = toErrorShape(error);
    this.span.setAttributes({
      [ATTR_RAILYARD_OUTCOME]: 'dead_lettered',
      [ATTR_RAILYARD_ATTEMPT]: attempts,
      [ATTR_ERROR_TYPE]: code,
    });
    this.span.recordException(error instanceof Error ? error : { name: code, message });
    this.span.setStatus({ code: SpanStatusCode.ERROR, message });
  }
}
