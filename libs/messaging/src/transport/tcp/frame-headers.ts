import { FrameError } from './frame.error';

/** Keys that would turn a later object merge into prototype pollution. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses a frame's header JSON into a plain string map. Anything else (not an object, a non-string
 * value, a forbidden key) is a malformed frame: headers come from the network, not from us.
 */
export function parseFrameHeaders(json: Buffer): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(json.toString('utf8'));
  } catch {
    throw new FrameError('malformed', 'frame headers are not JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new FrameError('malformed', 'frame headers are not a JSON object');
  }
  // JSON.parse makes "__proto__" an own key (it does not set the prototype); refuse it anyway so
  // no later Object.assign or merge can be tricked by it.
  const entries = Object.entries(value);
  for (const [key, headerValue] of entries) {
    if (FORBIDDEN_KEYS.has(key)) throw new FrameError('malformed', `frame header "${key}" refused`);
    if (typeof headerValue !== 'string') {
      throw new FrameError('malformed', `frame header "${key}" is not a string`);
    }
  }
  return Object.fromEntries(entries) as Record<string, string>;
}
