import type { Response } from 'express';
import { MAX_UNSENT_BYTES, openEventStream } from './sse-response';

/** What openEventStream touches of an Express response, recorded. */
function fakeResponse() {
  const response = {
    statusCode: 0,
    headers: {} as Record<string, string>,
    written: [] as string[],
    writableLength: 0,
    writableEnded: false,
    destroyed: false,
    flushed: false,
    status(code: number) {
      response.statusCode = code;
      return response;
    },
    setHeader(name: string, value: string) {
      response.headers[name.toLowerCase()] = value;
    },
    flushHeaders() {
      response.flushed = true;
    },
    write(frame: string) {
      response.written.push(frame);
      return true;
    },
    end() {
      response.writableEnded = true;
    },
    destroy() {
      response.destroyed = true;
    },
  };
  return response;
}

describe('openEventStream', () => {
  it('sends the event-stream headers at once, uncached and unbuffered by proxies', () => {
    const response = fakeResponse();
    openEventStream(response as unknown as Response);
    expect(response.statusCode).toBe(200);
    expect(response.flushed).toBe(true);
    expect(response.headers).toMatchObject({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    });
  });

  it('cuts a client that stopped reading instead of holding frames for it', () => {
    const response = fakeResponse();
    const stream = openEventStream(response as unknown as Response);
    stream.write('a');
    response.writableLength = MAX_UNSENT_BYTES + 1;
    stream.write('b');
    expect(response.written).toEqual(['a']);
    expect(response.destroyed).toBe(true);
  });

  it('writes nothing once ended, and ends once', () => {
    const response = fakeResponse();
    const stream = openEventStream(response as unknown as Response);
    stream.end();
    stream.write('late');
    stream.end();
    expect(response.written).toEqual([]);
    expect(response.writableEnded).toBe(true);
  });
});
