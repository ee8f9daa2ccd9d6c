import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Level, Logger } from 'pino';

/** What a request's end is logged at: errors and refusals only at the default `info` level. */
export function requestEndLevel(statusCode: number): Level {
  return statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'debug';
}

/**
 * Logs the end of a request (method, URL, headers, status, time taken) when its level is enabled;
 * otherwise builds nothing. The logger's `redact` paths (LOG_REDACTION) censor the credentials in
 * `req.headers` and `res.headers`. Replaces pino-http, which built two child loggers per request,
 * serialising and redacting the request's headers into the second, whether or not a line was
 * written: ~11% of the gateway's CPU on GET /orders/:id (profile in bench/README.md).
 */
export function logRequestEnd(
  logger: Logger,
  request: IncomingMessage,
  response: ServerResponse,
  requestId: string,
  startedAt: number,
): void {
  const level = requestEndLevel(response.statusCode);
  if (!logger.isLevelEnabled(level)) return;
  logger[level](
    {
      requestId,
      req: {
        method: request.method,
        url: request.url,
        headers: request.headers,
        remoteAddress: request.socket?.remoteAddress,
      },
      res: { statusCode: response.statusCode, headers: response.getHeaders() },
      responseTime: Math.round(performance.now() - startedAt),
    },
    level === 'error' ? 'request errored' : 'request completed',
  );
}
