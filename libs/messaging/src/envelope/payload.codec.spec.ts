import fc from 'fast-check';
import { InvalidMessageError } from '../errors/invalid-message.error';
import { MessageTooLargeError } from '../errors/message-too-large.error';
import { decodePayload, encodePayload } from './payload.codec';

const reasonOf = (body: string | Buffer, max = 1024) => {
  try {
    decodePayload(Buffer.isBuffer(body) ? body : Buffer.from(body), max);
    return 'ok';
  } catch (error) {
    return (error as InvalidMessageError).reason;
  }
};

describe('payload codec', () => {
  it('round-trips any JSON value, or refuses it for holding a forbidden key', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const body = encodePayload(value, 1 << 20);
        if (holdsForbiddenKey(value)) {
          expect(reasonOf(body, 1 << 20)).toBe('forbidden-key');
        } else {
          expect(decodePayload(body, 1 << 20)).toEqual(JSON.parse(JSON.stringify(value)));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('refuses to send a body over the limit', () => {
    expect(() => encodePayload({ pad: 'x'.repeat(2000) }, 1024)).toThrow(MessageTooLargeError);
  });

  it.each([
    ['garbage bytes', Buffer.from([0xff, 0x00, 0xfe]), 'not-json'],
    ['truncated JSON', '{"a": ', 'not-json'],
    ['empty body', '', 'not-json'],
    ['a top-level __proto__', '{"__proto__": {"x": 1}}', 'forbidden-key'],
    ['a nested constructor', '{"a": [{"b": {"constructor": {"prototype": 1}}}]}', 'forbidden-key'],
    ['a prototype key', '{"prototype": 1}', 'forbidden-key'],
    ['an oversized body', `"${'x'.repeat(2000)}"`, 'too-large'],
  ])('classifies %s', (_, body, reason) => {
    expect(reasonOf(body)).toBe(reason);
  });

  it('accepts those words as values, not keys', () => {
    expect(reasonOf('{"note": "__proto__ constructor prototype"}')).toBe('ok');
  });

  it('never lets a parsed body pollute Object.prototype', () => {
    expect(reasonOf('{"__proto__": {"polluted": true}}')).toBe('forbidden-key');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

function holdsForbiddenKey(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  return Object.keys(value).some(
    (key) =>
      ['__proto__', 'constructor', 'prototype'].includes(key) ||
      holdsForbiddenKey((value as Record<string, unknown>)[key]),
  );
}
