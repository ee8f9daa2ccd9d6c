import { SseParser } from './sse-parser';

describe('SseParser', () => {
  it('yields each event once its blank line arrives, across chunks cut anywhere', () => {
    const parser = new SseParser();
    expect(parser.push('event: overview\nda')).toEqual([]);
    expect(parser.push('ta: {"a":1}\n')).toEqual([]);
    expect(parser.push('\nevent: sagas\r\ndata: {}\r\n\r\n')).toEqual([
      { event: 'overview', data: '{"a":1}' },
      { event: 'sagas', data: '{}' },
    ]);
  });

  it('skips heartbeat comments and joins multi-line data', () => {
    const parser = new SseParser();
    expect(parser.push(': heartbeat\n\ndata: a\ndata: b\n\n')).toEqual([
      { event: 'message', data: 'a\nb' },
    ]);
  });

  it('refuses a line past its bound instead of buffering it', () => {
    const parser = new SseParser(10);
    expect(() => parser.push('data: 0123456789abcdef')).toThrow(/longer than 10/);
  });
});
