import { assertJsonDepthWithin, JsonTooDeepError } from './json-depth';

const nested = (depth: number, open = '[', close = ']') =>
  Buffer.from(`${open.repeat(depth)}1${close.repeat(depth)}`);

describe('assertJsonDepthWithin', () => {
  it('accepts a body at the limit', () => {
    expect(() => assertJsonDepthWithin(nested(4), 4)).not.toThrow();
    expect(() => assertJsonDepthWithin(Buffer.from('{"a":{"b":[1,{"c":2}]}}'), 4)).not.toThrow();
  });

  it('refuses a body one level deeper, arrays or objects, with a 400-able SyntaxError', () => {
    expect(() => assertJsonDepthWithin(nested(5), 4)).toThrow(JsonTooDeepError);
    expect(() => assertJsonDepthWithin(Buffer.from('{"a":{"a":{"a":{"a":{"a":1}}}}}'), 4)).toThrow(
      'the body is nested deeper than 4 levels',
    );
    expect(new JsonTooDeepError('x')).toBeInstanceOf(SyntaxError);
  });

  it('refuses what overflowed the validation pipe (2,500 levels) at once', () => {
    expect(() => assertJsonDepthWithin(nested(2_500))).toThrow(JsonTooDeepError);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const body = Buffer.from(JSON.stringify({ note: '[[[[[[[[\\"{{{{{{{{', deep: [[1]] }));
    expect(() => assertJsonDepthWithin(body, 3)).not.toThrow();
  });

  it('sibling containers do not add up', () => {
    expect(() => assertJsonDepthWithin(Buffer.from('[[1],[2],[3],[4],[5],[6]]'), 2)).not.toThrow();
  });
});
