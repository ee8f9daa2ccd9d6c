import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the work in progress is about: set where a request or message enters (the HTTP request
 * context middleware, the bus's delivery pipeline) and added to every log line written during it,
 * however deep, without passing a logger down. The bus also takes the correlation id from here
 * when code sends a message without saying what caused it, so a gateway request's id follows the
 * order it created.
 */
export interface LogContext {
  /** The HTTP request being served (X-Request-Id). */
  requestId?: string;
  /** The conversation: a request's id at the edge, then carried by every message it causes. */
  correlationId?: string;
  messageId?: string;
  messageType?: string;
  aggregateId?: string;
  /**
   * The trace and span of the message being handled or, at the gateway, of the HTTP request being
   * served (its SERVER span), when tracing is on (W3C ids, hex).
   */
  traceId?: string;
  spanId?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `work` with `fields` added to the current context (inner values win). */
export function withLogContext<T>(fields: LogContext, work: () => T): T {
  const outer = storage.getStore();
  return storage.run(outer ? { ...outer, ...fields } : fields, work);
}

/** The context of the work in progress, if any. */
export function currentLogContext(): Readonly<LogContext> | undefined {
  return storage.getStore();
}
