import { forwardedHeaderNames, requestHeadersFor, responseHeadersFrom } from './proxy-headers';

describe('proxy headers', () => {
  it('forwards allowed end-to-end headers only, and its own X-Forwarded-For and -Proto', () => {
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
        authorization: 'Bearer t',
        'x-admin': 'yes',
        'x-forwarded-for': '10.0.0.1',
        'x-forwarded-host': 'evil.test',
      },
      forwardedHeaderNames(),
      { clientIp: '10.0.0.2', protocol: 'http' },
    );
    expect(Object.fromEntries(headers)).toEqual({
      accept: 'application/json',
      'x-forwarded-for': '10.0.0.2',
      'x-forwarded-proto': 'http',
    });
  });

  it('forwards credentials only when configured, never Host or a client X-Forwarded-*', () => {
    const headers = requestHeadersFor(
      { host: 'h', cookie: 'session=1', 'x-forwarded-for': '1.2.3.4' },
      forwardedHeaderNames(['Cookie', 'Host', 'X-Forwarded-For']),
      { clientIp: '10.0.0.2', protocol: 'http' },
    );
    expect(Object.fromEntries(headers)).toEqual({
      cookie: 'session=1',
      'x-forwarded-for': '10.0.0.2',
      'x-forwarded-proto': 'http',
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
