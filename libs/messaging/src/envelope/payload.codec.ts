import { InvalidMessageError } from '../errors/invalid-message.error';
import { MessageTooLargeError } from '../errors/message-too-large.error';

/** Keys that turn a later object merge into prototype pollution; such messages are refused. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAY_HOLD_FORBIDDEN_KEY = /"(?:__proto__|constructor|prototype)"\s*:/;

export function encodePayload(payload: unknown, maxBytes: number): Buffer {
  const body = Buffer.from(JSON.stringify(payload ?? null), 'utf8');
  if (body.length > maxBytes) throw new MessageTooLargeError(body.length, maxBytes);
  return body;
}

/**
 * Parses a message body. Never returns a value that could pollute a prototype; every refusal is an
 * InvalidMessageError whose `reason` says why, so the caller can dead-letter it.
 */
export function decodePayload(body: Buffer, maxBytes: number): unknown {
  if (body.length > maxBytes) {
    throw new InvalidMessageError('too-large', `body is ${body.length} bytes, limit ${maxBytes}`);
  }
  const text = body.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidMessageError('not-json', `body is not JSON: ${(error as Error).message}`);
  }
  // The reviver-free parse is fast; walk the tree only when the text hints at a forbidden key.
  if (MAY_HOLD_FORBIDDEN_KEY.test(text)) assertNoForbiddenKeys(value);
  return value;
}

function assertNoForbiddenKeys(value: unknown): void {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    for (const key of Object.keys(node)) {
      if (FORBIDDEN_KEYS.has(key)) {
        throw new InvalidMessageError('forbidden-key', `body holds the forbidden key "${key}"`);
      }
      stack.push((node as Record<string, unknown>)[key]);
    }
  }
}
