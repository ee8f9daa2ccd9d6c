/** Deepest nesting of arrays and objects a JSON body may have; real request bodies use 3. */
export const MAX_JSON_DEPTH = 32;

/** A SyntaxError, so Nest answers it 400 like any malformed body (as ForbiddenKeyError does). */
export class JsonTooDeepError extends SyntaxError {}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]); // [ {
const CLOSERS = new Set([0x5d, 0x7d]); // ] }

/**
 * Refuses a body nested deeper than `maxDepth` before it is parsed. Far below what JSON.parse
 * survives, a few thousand levels once overflowed the stack of class-transformer in the former
 * validation pipe: a 500 that also counted against a downstream's breaker (chaos suite, HTTP
 * fuzz). Whatever walks a body later (a schema, the legacy proxy) never meets such depth. One
 * pass over the bytes, strings skipped; malformed JSON is left to the parser.
 */
export function assertJsonDepthWithin(body: Buffer, maxDepth = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (OPENERS.has(byte)) {
      if (++depth > maxDepth) {
        throw new JsonTooDeepError(`the body is nested deeper than ${maxDepth} levels`);
      }
    } else if (CLOSERS.has(byte)) {
      depth--;
    }
  }
}
