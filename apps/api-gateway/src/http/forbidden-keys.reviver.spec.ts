import { ForbiddenKeyError, rejectForbiddenKeys } from './forbidden-keys.reviver';

const parse = (text: string) => JSON.parse(text, rejectForbiddenKeys) as unknown;

describe('rejectForbiddenKeys', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('refuses "%s" at any depth', (key) => {
    expect(() => parse(`{"${key}":{}}`)).toThrow(ForbiddenKeyError);
    expect(() => parse(`{"items":[{"a":{"${key}":1}}]}`)).toThrow(`"${key}"`);
  });

  it('is a SyntaxError, which Nest answers 400 like malformed JSON', () => {
    expect(() => parse('{"__proto__":1}')).toThrow(SyntaxError);
  });

  it('leaves other bodies as they are', () => {
    expect(parse('{"a":[1,{"b":"constructors"}]}')).toEqual({ a: [1, { b: 'constructors' }] });
  });
});
