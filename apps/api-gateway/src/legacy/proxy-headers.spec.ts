import { requestHeadersFor, responseHeadersFrom } from './proxy-headers';

describe('proxy headers', () => {
  it('forwards end-to-end headers, drops hop-by-hop ones and extends X-Forwarded-For', () => {
    const headers = requestHeadersFor(
      {
        host: 'gateway:3000',
        connection: 'keep-alive, x-trace',
        'x-trace': 'hop only',
        'keep-alive': 'timeout=5',
        'transfer-encoding': 'chunked',
        'content-length': '12',
        accept: 'application/json',
        cookie: 'session=1',
        'x-forwarded-for': '10.0.0.1',
      },
      { clientIp: '10.0.0.2', protocol: 'https', host: 'gateway:3000' },
    );
    expect(Object.fromEntries(headers)).toEqual({
      accept: 'application/json',
      cookie: 'session=1',
      'x-forwarded-for': '10.0.0.1, 10.0.0.2',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'gateway:3000',
    });
  });

  it('returns the answer headers fetch did not already consume, each cookie apart', () => {
    const upstream = new Headers([
      ['content-type', 'text/html'],
      ['content-encoding', 'gzip'],
      ['content-length', '10'],
      ['connection', 'close'],
      ['set-cookie', 'a=1'],
      ['set-cookie', 'b=2'],
    ]);
    expect(responseHeadersFrom(upstream)).toEqual([
      ['content-type', 'text/html'],
      ['set-cookie', ['a=1', 'b=2']],
    ]);
  });
});
