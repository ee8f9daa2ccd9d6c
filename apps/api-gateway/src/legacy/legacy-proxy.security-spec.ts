import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { connect } from 'node:net';
import { DEFAULT_RESILIENCE_SETTINGS, ResilienceModule } from '@railyard/resilience';
import { json, LegacyServer } from '../../../../test/support/legacy-server';
import { configureHttp } from '../http/configure-http';
import { trustProxies } from '../http/trust-proxies';
import { LegacyModule } from './legacy.module';

jest.setTimeout(30_000);

/** The gateway's HTTP edge with only the legacy proxy, for /reports, on a free port. */
async function proxyingGateway(
  legacyUrl: string,
  trustProxy?: string,
): Promise<{ gateway: INestApplication; port: number }> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ResilienceModule.forRoot({ downstreams: { legacy: DEFAULT_RESILIENCE_SETTINGS } }),
      LegacyModule.forRoot({ url: legacyUrl, routes: ['/reports'] }),
    ],
  }).compile();
  const gateway = moduleRef.createNestApplication({ logger: ['error'] });
  configureHttp(gateway);
  trustProxies(gateway, trustProxy);
  await gateway.listen(0, '127.0.0.1');
  return { gateway, port: Number(new URL(await gateway.getUrl()).port) };
}

/** One raw HTTP/1.1 exchange: the request line is sent exactly as given (fetch would normalise it). */
function rawRequest(port: number, target: string, headers: string[] = []): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        [
          `GET ${target} HTTP/1.1`,
          'Host: gateway.test',
          ...headers,
          'Connection: close',
          '',
          '',
        ].join('\r\n'),
      );
    });
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
    socket.on('error', reject);
  });
}

/**
 * The strangler-fig proxy against hostile request targets and headers (issue 15, point 1): it
 * goes only to the configured origin, only under the configured prefixes, and forwards only what
 * it is told to.
 */
describe('the legacy proxy (a real legacy server, a real internal one)', () => {
  const legacy = new LegacyServer();
  const internal = new LegacyServer();
  let gateway: INestApplication;
  let port: number;

  beforeAll(async () => {
    await legacy.start();
    await internal.start();
    legacy.routes.set('/reports/daily', json(200, { from: 'legacy' }));
    internal.routes.set('/reports/x', json(200, { secret: 'internal' }));
    ({ gateway, port } = await proxyingGateway(legacy.url));
  });
  afterAll(async () => {
    await gateway?.close();
    await legacy.stop();
    await internal.stop();
  });
  beforeEach(() => {
    legacy.hits.length = 0;
    internal.hits.length = 0;
  });

  it('forwards a plain request under a prefix, path and query intact', async () => {
    expect(await rawRequest(port, '/reports/daily?day=2026-12-05')).toBe(200);
    expect(legacy.hits.map((hit) => hit.url)).toEqual(['/reports/daily?day=2026-12-05']);
  });

  it.each([
    ['an absolute-form request line naming another host', () => `${internal.url}/reports/x`],
    [
      'an absolute-form request line with credentials in its authority',
      () => `http://legacy@${new URL(internal.url).host}/reports/x`,
    ],
    [
      'an absolute-form request line with an IPv6 literal',
      () => `http://[::1]:${new URL(internal.url).port}/reports/x`,
    ],
    ['a dot-dot segment', () => '/reports/../admin/secrets'],
    ['an encoded dot-dot segment', () => '/reports/%2e%2e/admin/users'],
    ['an upper-case encoded dot-dot segment', () => '/reports/%2E%2E/admin/users'],
    ['a half-encoded dot-dot segment', () => '/reports/.%2e/admin'],
    ['a dot segment', () => '/reports/./daily'],
    ['an encoded slash', () => '/reports/a%2f..%2fadmin'],
    ['a backslash', () => '/reports/..\\admin'],
    ['an encoded backslash', () => '/reports/%5c..%5cadmin'],
    ['an encoded NUL', () => '/reports/daily%00.json'],
  ])('refuses %s with 400 and calls nobody', async (_, target) => {
    expect(await rawRequest(port, target())).toBe(400);
    expect(internal.hits).toEqual([]);
    expect(legacy.hits).toEqual([]);
  });

  it('keeps an @ in the path a path on the legacy host, not an authority', async () => {
    const target = `/reports/@${new URL(internal.url).host}/x`;
    expect(await rawRequest(port, target)).toBe(404); // the legacy app's own 404
    expect(legacy.hits.map((hit) => hit.url)).toEqual([target]);
    expect(internal.hits).toEqual([]);
  });

  it('hands a legacy redirect to the client instead of following it', async () => {
    legacy.routes.set('/reports/moved', json(302, {}, { location: `${internal.url}/reports/x` }));
    expect(await rawRequest(port, '/reports/moved')).toBe(302);
    expect(internal.hits).toEqual([]);
  });

  it('never routes a protocol-relative target to the proxy (the gateway answers 404 itself)', async () => {
    const port_ = new URL(internal.url).port;
    expect(await rawRequest(port, `//127.0.0.1:${port_}/reports/x`)).toBe(404);
    expect(internal.hits).toEqual([]);
    expect(legacy.hits).toEqual([]);
  });

  it('forwards only allowed headers, and sets X-Forwarded-* itself from the socket', async () => {
    const status = await rawRequest(port, '/reports/daily', [
      'Cookie: session=stolen',
      'Authorization: Bearer client-token',
      'X-Forwarded-For: 10.9.9.9',
      'X-Forwarded-Host: evil.test',
      'X-Forwarded-Proto: https',
      'X-Internal-Admin: yes',
      'Accept-Language: de',
    ]);
    expect(status).toBe(200);
    const [hit] = legacy.hits;
    expect(hit.headers).not.toHaveProperty('cookie');
    expect(hit.headers).not.toHaveProperty('authorization');
    expect(hit.headers).not.toHaveProperty('x-internal-admin');
    expect(hit.headers['x-forwarded-host']).toBe('gateway.test'); // the Host it was asked for
    expect(hit.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(hit.headers['x-forwarded-proto']).toBe('http');
    expect(hit.headers['accept-language']).toBe('de');
  });
});

describe('the legacy proxy behind a proxy named in GATEWAY_TRUST_PROXY', () => {
  const legacy = new LegacyServer();
  let gateway: INestApplication;
  let port: number;

  beforeAll(async () => {
    await legacy.start();
    legacy.routes.set('/reports/daily', json(200, { from: 'legacy' }));
    // This test's client is the trusted proxy.
    ({ gateway, port } = await proxyingGateway(legacy.url, 'loopback'));
  });
  afterAll(async () => {
    await gateway?.close();
    await legacy.stop();
  });

  it("passes on what the trusted proxy saw: the client's address, scheme and host", async () => {
    const status = await rawRequest(port, '/reports/daily', [
      'X-Forwarded-For: 203.0.113.7',
      'X-Forwarded-Proto: https',
      'X-Forwarded-Host: shop.example',
    ]);
    expect(status).toBe(200);
    const [hit] = legacy.hits;
    expect(hit.headers['x-forwarded-for']).toBe('203.0.113.7');
    expect(hit.headers['x-forwarded-proto']).toBe('https');
    expect(hit.headers['x-forwarded-host']).toBe('shop.example');
  });
});
