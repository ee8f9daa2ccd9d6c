import { databaseDataErrorShape } from './database-data-error';
import { ErrorShape } from './error-shape';

export type { ErrorShape } from './error-shape';

/**
 * Normalises whatever a handler threw. Remote errors arrive as Error objects, plain objects or
 * strings (`e.message` may be undefined), and RpcException wraps either. A database's data error
 * becomes DATA_REJECTED here, once for every handler.
 */
export function toErrorShape(thrown: unknown): ErrorShape {
  const dataError = databaseDataErrorShape(thrown);
  if (dataError) return dataError;
  if (typeof thrown === 'string') return { code: 'ERROR', message: thrown };
  if (thrown === null || typeof thrown !== 'object')
    return { code: 'ERROR', message: String(thrown) };
  const source = unwrapRpcException(thrown as Record<string, unknown>);
  if (typeof source === 'string') return { code: 'ERROR', message: source };
  const code = pickString(source.code) ?? pickString(source.name) ?? 'ERROR';
  const message = pickString(source.message) ?? safeStringify(source);
  return {
    code,
    message,
    ...(source.details !== undefined ? { details: source.details } : {}),
    ...(source.retryable === false ? { retryable: false } : {}),
  };
}

function unwrapRpcException(value: Record<string, unknown>): Record<string, unknown> | string {
  const getError = value.getError;
  if (typeof getError === 'function') {
    const inner: unknown = getError.call(value);
    if (typeof inner === 'string') return inner;
    if (inner && typeof inner === 'object') return inner as Record<string, unknown>;
  }
  return value;
}

function pickString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'unknown error';
  } catch {
    return 'unknown error';
  }
}
