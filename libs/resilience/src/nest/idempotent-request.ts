import { ExecutionContext } from '@nestjs/common';

/** RFC 9110 §9.2.2: repeating these has the effect of sending them once. */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
/** RFC 9110 §9.2.1: these only read. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

interface HttpRequestLike {
  method: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Whether a request may be retried: an idempotent method, or any request carrying an
 * Idempotency-Key (the downstream then answers a repeat with the first outcome).
 */
export function isIdempotentRequest(context: ExecutionContext): boolean {
  if (context.getType() !== 'http') return false;
  const request = context.switchToHttp().getRequest<HttpRequestLike>();
  return (
    IDEMPOTENT_METHODS.has(request.method.toUpperCase()) ||
    typeof request.headers['idempotency-key'] === 'string'
  );
}

/** Whether a request changes state (a command), by its HTTP method; other contexts are reads. */
export function isCommandRequest(context: ExecutionContext): boolean {
  if (context.getType() !== 'http') return false;
  return !SAFE_METHODS.has(
    context.switchToHttp().getRequest<HttpRequestLike>().method.toUpperCase(),
  );
}
