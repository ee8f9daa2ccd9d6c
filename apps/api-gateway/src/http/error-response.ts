import { HttpException, HttpStatus } from '@nestjs/common';
import {
  DATA_REJECTED,
  RemoteError,
  RequestTimeoutError,
  TransportUnavailableError,
} from '@railyard/messaging';
import {
  BulkheadFullError,
  CircuitOpenError,
  DeadlineExceededError,
  ResilienceError,
} from '@railyard/resilience';
import { STATUS_CODES } from 'node:http';
import { JsonTooDeepError } from './json-depth';

/** The one error shape of the gateway's HTTP API. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
}

export interface ErrorResponse {
  body: ErrorBody;
  headers: Record<string, string>;
  /** Not the client's fault nor an expected downstream outage: worth an error log. */
  unexpected: boolean;
}

/** Maps anything a handler, a parser or a policy threw to a status and the error shape. */
export function toErrorResponse(exception: unknown): ErrorResponse {
  if (exception instanceof HttpException) return fromHttpException(exception);
  if (exception instanceof RemoteError) return fromRemoteError(exception);
  if (exception instanceof ResilienceError) return fromResilienceError(exception);
  if (exception instanceof RequestTimeoutError) {
    return response(HttpStatus.GATEWAY_TIMEOUT, `${exception.target} did not answer in time`, {
      downstream: exception.target,
    });
  }
  if (exception instanceof TransportUnavailableError) {
    return response(HttpStatus.SERVICE_UNAVAILABLE, 'the message bus is unavailable');
  }
  // Raised in body-parser's verify hook, which would make it a 403: too deep is malformed, a 400.
  if (exception instanceof JsonTooDeepError) {
    return response(HttpStatus.BAD_REQUEST, exception.message);
  }
  const clientError = asClientError(exception);
  if (clientError) return response(clientError.status, clientError.message);
  return { ...response(HttpStatus.INTERNAL_SERVER_ERROR, 'internal error'), unexpected: true };
}

function fromHttpException(exception: HttpException): ErrorResponse {
  const status = exception.getStatus();
  const raw = exception.getResponse();
  if (typeof raw === 'string') return { ...response(status, raw), unexpected: status >= 500 };
  const { message, details } = raw as { message?: unknown; details?: unknown };
  const text = Array.isArray(message) ? message.join('; ') : String(message ?? exception.message);
  const answer = { ...response(status, text, details), unexpected: status >= 500 };
  // RFC 6750 §3: a 401 names the scheme the client must use.
  if (status === HttpStatus.UNAUTHORIZED) answer.headers = { 'WWW-Authenticate': 'Bearer' };
  return answer;
}

/** A service answered with its own code: mostly the client's problem, never hidden behind a 500. */
function fromRemoteError(error: RemoteError): ErrorResponse {
  const code = error.remoteCode;
  const details = { code };
  if (code.endsWith('_NOT_FOUND'))
    return response(HttpStatus.NOT_FOUND, error.remoteMessage, details);
  // IDEMPOTENCY_CONFLICT, SAGA_STATE_CONFLICT: the request is fine, the resource's state refuses it.
  if (code.endsWith('_CONFLICT')) {
    return response(HttpStatus.CONFLICT, error.remoteMessage, details);
  }
  if (code.startsWith('INVALID_')) {
    return response(HttpStatus.BAD_REQUEST, error.remoteMessage, details);
  }
  // Well-formed, but the service's database refused the data: the same request fails the same way.
  if (code === DATA_REJECTED) {
    return response(HttpStatus.UNPROCESSABLE_ENTITY, error.remoteMessage, details);
  }
  return {
    ...response(HttpStatus.BAD_GATEWAY, `${error.target} failed`, details),
    unexpected: true,
  };
}

function fromResilienceError(error: ResilienceError): ErrorResponse {
  const details = { downstream: error.downstream, code: error.code };
  if (error instanceof DeadlineExceededError) {
    return response(
      HttpStatus.GATEWAY_TIMEOUT,
      `${error.downstream} did not answer in time`,
      details,
    );
  }
  const retryAfterMs =
    error instanceof CircuitOpenError
      ? error.retryAfterMs
      : error instanceof BulkheadFullError
        ? 1_000
        : 0;
  const unavailable = response(
    HttpStatus.SERVICE_UNAVAILABLE,
    `${error.downstream} is unavailable; try again later`,
    details,
  );
  return {
    ...unavailable,
    headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1_000))) },
  };
}

/** body-parser's errors (http-errors): 413 for a large body, 415 for a charset... */
function asClientError(exception: unknown): { status: number; message: string } | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const { status, expose, message } = exception as {
    status?: unknown;
    expose?: unknown;
    message?: unknown;
  };
  if (typeof status !== 'number' || status < 400 || status >= 500 || expose !== true)
    return undefined;
  return {
    status,
    message: typeof message === 'string' ? message : (STATUS_CODES[status] ?? 'error'),
  };
}

function response(status: number, message: string, details?: unknown): ErrorResponse {
  return {
    body: {
      statusCode: status,
      error: STATUS_CODES[status] ?? 'Error',
      message,
      ...(details !== undefined ? { details } : {}),
    },
    headers: {},
    unexpected: false,
  };
}
