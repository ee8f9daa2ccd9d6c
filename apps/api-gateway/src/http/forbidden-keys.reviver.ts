/** Keys that reach object prototypes when a parsed body is merged or assigned somewhere. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A SyntaxError, as body-parser raises for bad JSON, so Nest answers it 400 like any malformed
 * body (RoutesResolver.mapExternalException).
 */
export class ForbiddenKeyError extends SyntaxError {}

/** JSON.parse reviver: refuses a body with a forbidden key at any depth. */
export function rejectForbiddenKeys(key: string, value: unknown): unknown {
  if (FORBIDDEN_KEYS.has(key)) {
    throw new ForbiddenKeyError(`the key "${key}" is not allowed in a request body`);
  }
  return value;
}
