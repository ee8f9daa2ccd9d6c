import { randomUUID } from 'node:crypto';
import { eventually, get, post, send, serverTiming } from '../support/gateway-http';
import { adminToken } from '../support/gateway-tokens';
import { hang, json, LegacyServer } from '../support/legacy-server';
import { TestSystem } from '../support/system';

jest.setTimeout(90_000);

/**
 * What the gateway does on its own, whatever the transport (so on TCP only): the HTTP edge, the
 * legacy proxy and its policies, the strangler-fig move of a route, rate limiting. Only
 * inventory-service runs: a request that reached order or payment would fail with 503, so a 400
 * here also proves a bad request never left the gateway.
 */
describe('the api-gateway at its edge', () => {
  const legacy = new LegacyServer();
  let system: TestSystem;
  let gateway: string;

  const legacyBreaker = async () =>
    (
      (await get(`${gateway}/health`)).body as {
        details: { resilience: { legacy: { breaker: { state: string } } } };
      }
    ).details.resilience.legacy.breaker.state;

  async function restartGateway(env: Record<string, string>): Promise<void> {
    Object.assign(system.env, env);
    await system.processes.get('api-gateway')?.stop();
    system.start('api-gateway');
    await system.waitReady('api-gateway');
  }

  beforeAll(async () => {
    await legacy.start();
    legacy.routes.set('/legacy/hello', json(200, { hello: 'from legacy' }, { 'x-legacy': 'yes' }));
    legacy.routes.set('/legacy/echo', (hit, response) => {
      response.writeHead(201, {
        'content-type': hit.headers['content-type'] ?? 'text/plain',
        'set-cookie': ['a=1', 'b=2'],
      });
      response.end(hit.body);
    });
    legacy.routes.set('/legacy/slow', hang);
    legacy.routes.set('/legacy/boom', (_, response) => {
      response.writeHead(500, { 'content-type': 'text/plain' }).end('legacy exploded');
    });
    legacy.routes.set(
      '/inventory/products/SKU-MOVED',
      json(200, { sku: 'SKU-MOVED', available: 7, reserved: 0, source: 'legacy' }),
    );
    system = await TestSystem.create('tcp', {
      LEGACY_URL: legacy.url,
      LEGACY_ROUTES: '/legacy,/inventory/products',
      LEGACY_TIMEOUT_MS: '300',
      LEGACY_BUDGET_MS: '700',
      RESILIENCE_BREAKER_FAILURES: '5',
      RESILIENCE_BREAKER_RECOVERY_MS: '1000',
      RESILIENCE_BREAKER_SUCCESSES: '2',
      THROTTLE_LIMIT: '100000',
    });
    system.start('inventory-service');
    system.start('api-gateway');
    await Promise.all([system.waitReady('inventory-service'), system.waitReady('api-gateway')]);
    gateway = system.url('api-gateway');
  });
  afterAll(async () => {
    await system?.stopAll();
    await legacy.stop();
  });

  it('logs refused requests without their credentials', async () => {
    const process = system.processes.get('api-gateway')!;
    const before = process.output.length;
    const token = adminToken();
    const invalid = await send('POST', `${gateway}/orders`, {
      json: { items: 'not a list' },
      headers: { authorization: `Bearer ${token}`, cookie: 'session=cookie-not-for-logs' },
    });
    expect(invalid.status).toBe(400);
    const forged = await send('GET', `${gateway}/orders/o-1`, {
      headers: { authorization: 'Bearer eyJ-not-for-logs.payload.sig' },
    });
    expect(forged.status).toBe(401);
    const logged = await eventually(async () => {
      const output = process.output.slice(before);
      if (output.split('request completed').length < 3) throw new Error('no request logs yet');
      return output;
    }, 5_000);
    expect(logged).toContain('[redacted]');
    expect(logged).not.toContain(token);
    expect(logged).not.toContain('eyJ-not-for-logs');
    expect(logged).not.toContain('cookie-not-for-logs');
  });

  it('sends helmet headers without X-Powered-By and serves OpenAPI docs at /docs', async () => {
    const answer = await get(`${gateway}/health/live`);
    expect(answer.headers.get('x-powered-by')).toBeNull();
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");

    const page = await get(`${gateway}/docs`);
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('swagger-ui');
    const document = (await get(`${gateway}/docs-json`)).body as {
      info: { license?: { name: string } };
      servers?: unknown[];
      security?: unknown[];
      paths: Record<string, Record<string, { summary?: string; security?: unknown[] }>>;
      components: { schemas: Record<string, { required?: string[] }> };
    };
    // What `npm run lint` checks with Redocly on the document api-document.cli.ts writes: the
    // served one is built by the same function.
    expect(document.info.license?.name).toBe('MIT');
    expect(document.servers).toHaveLength(1);
    const operations = Object.values(document.paths).flatMap((path) => Object.values(path));
    expect(operations.filter((op) => !op.summary)).toEqual([]);
    // Every route needs a bearer token unless it says it is open, as the gateway's guard decides.
    expect(document.security).toEqual([{ bearer: [] }]);
    expect(document.paths['/health/live'].get.security).toEqual([{}]);
    expect(document.paths['/orders'].post.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/orders',
        '/orders/{orderId}',
        '/inventory/products',
        '/inventory/products/{sku}',
        '/payments/accounts',
        '/payments/accounts/{customerId}',
        '/payments/orders/{orderId}',
      ]),
    );
    expect(document.components.schemas.CreateOrderRequest.required).toEqual([
      'customerId',
      'items',
    ]);
  });

  it('serves the AsyncAPI document of the bus at /docs/asyncapi.json, and a page for people', async () => {
    // Open like /docs: no token sent. The document itself is validated in asyncapi-document.spec.
    const document = (await get(`${gateway}/docs/asyncapi.json`)).body as {
      asyncapi: string;
      channels: Record<string, { address: string | null }>;
    };
    expect(document.asyncapi).toBe('3.0.0');
    const addresses = Object.values(document.channels).map((channel) => channel.address);
    expect(addresses).toEqual(expect.arrayContaining(['order.create', 'payment.completed']));
    const page = await get(`${gateway}/docs/asyncapi`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(String(page.body)).toContain('<code>inventory.reserve-stock</code>');
  });

  it('refuses bad requests with 400 or 413 before any service sees them', async () => {
    const jsonBody = (text: string) => ({
      body: text,
      headers: { 'content-type': 'application/json' },
    });
    const bad: Array<[string, string, Parameters<typeof send>[2], number]> = [
      [
        'POST',
        '/orders',
        { json: { customerId: 'c', items: [{ sku: 's', quantity: 0, unitPrice: 1 }] } },
        400,
      ],
      [
        'POST',
        '/orders',
        { json: { customerId: 7, items: [{ sku: 's', quantity: 1, unitPrice: 1 }] } },
        400,
      ],
      ['POST', '/orders', { json: { items: [{ sku: 's', quantity: 1, unitPrice: 1 }] } }, 400],
      ['POST', '/orders', jsonBody('not json'), 400],
      ['POST', '/orders', { body: 'customerId=c', headers: { 'content-type': 'text/plain' } }, 400],
      ['POST', '/payments/accounts', { json: { customerId: 'c', balance: '10' } }, 400],
      ['POST', '/payments/accounts', { json: { customerId: 'c', balance: 1.001 } }, 400],
      // Found by the chaos suite's fuzz: each was a 500 that also opened the payment breaker.
      ['POST', '/payments/accounts', { json: { customerId: 'c', balance: 1e-7 } }, 400],
      ['POST', '/payments/accounts', jsonBody(`${'['.repeat(1_800)}1${']'.repeat(1_800)}`), 400],
      [
        'POST',
        '/inventory/products',
        jsonBody(`${'{"a":'.repeat(2_500)}1${'}'.repeat(2_500)}`),
        400,
      ],
      ['POST', '/payments/accounts', { json: { customerId: 'c', balance: 1, extra: 1 } }, 400],
      [
        'POST',
        '/payments/accounts',
        jsonBody('{"customerId":"c","balance":1,"constructor":{}}'),
        400,
      ],
      [
        'POST',
        '/payments/accounts',
        { json: { customerId: 'c'.repeat(200_000), balance: 1 } },
        413,
      ],
      ['GET', `/orders/${'x'.repeat(65)}`, {}, 400],
      ['GET', `/payments/accounts/${'x'.repeat(65)}`, {}, 400],
      // The body rules hold on legacy routes too: the monolith never sees such a body.
      ['POST', '/legacy/echo', jsonBody('{"a":{"__proto__":{"polluted":true}}}'), 400],
    ];
    for (const [method, path, options, status] of bad) {
      const answer = await send(method, `${gateway}${path}`, options);
      expect({ path, body: answer.body }).toMatchObject({
        path,
        body: { statusCode: status, error: expect.any(String), message: expect.any(String) },
      });
    }
    expect(legacy.hitsOn('/legacy/echo')).toHaveLength(0);
  });

  it('answers GET /orders/:id with 503 within a second when order-service is down, naming what is missing', async () => {
    const answer = await get(`${gateway}/orders/${randomUUID()}`);
    expect(answer).toMatchObject({
      status: 503,
      body: {
        statusCode: 503,
        error: 'Service Unavailable',
        details: { degraded: ['order', 'payment'] },
      },
    });
    expect(serverTiming(answer.headers).total.dur).toBeLessThan(1_000);
    // inventory-service is up and has no reservation: absent, not degraded.
    expect(serverTiming(answer.headers).inventory.desc).toBe('absent');
  });

  it('proxies legacy routes with method, path, query, body and headers, and answers unchanged', async () => {
    const hello = await get(`${gateway}/legacy/hello?page=2`, { 'x-request-id': 'r-1' });
    expect(hello).toMatchObject({ status: 200, body: { hello: 'from legacy' } });
    expect(hello.headers.get('x-legacy')).toBe('yes');
    const [hit] = legacy.hitsOn('/legacy/hello');
    expect(hit).toMatchObject({ method: 'GET', url: '/legacy/hello?page=2' });
    expect(hit.headers).toMatchObject({
      'x-request-id': 'r-1',
      'x-forwarded-for': expect.stringContaining('127.0.0.1'),
      'x-forwarded-proto': 'http',
    });

    const raw = '{ "kept": "as sent",  "n": 1.50 }';
    const echo = await send('POST', `${gateway}/legacy/echo`, {
      body: raw,
      headers: { 'content-type': 'application/json' },
    });
    expect(echo.status).toBe(201);
    expect(legacy.hitsOn('/legacy/echo')[0].body.toString()).toBe(raw);
    expect(echo.headers.getSetCookie()).toEqual(['a=1', 'b=2']);

    const moved = await get(`${gateway}/inventory/products/SKU-MOVED`);
    expect(moved.body).toMatchObject({ sku: 'SKU-MOVED', source: 'legacy' });
    expect((await get(`${gateway}/legacy/nothing-here`)).status).toBe(404);
  });

  it('times a hanging legacy route out within its budget, retrying a GET but not a POST', async () => {
    const posted = await send('POST', `${gateway}/legacy/slow`, { json: { a: 1 } });
    expect(posted).toMatchObject({
      status: 504,
      body: { statusCode: 504, error: 'Gateway Timeout' },
    });
    expect(legacy.hitsOn('/legacy/slow')).toHaveLength(1);

    const read = await get(`${gateway}/legacy/slow`);
    expect(read.status).toBe(504);
    expect(read.ms).toBeGreaterThanOrEqual(650); // LEGACY_BUDGET_MS=700, timers may fire a bit early
    expect(read.ms).toBeLessThan(2_500);
    const attempts = legacy.hitsOn('/legacy/slow').length - 1;
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThanOrEqual(3); // RESILIENCE_RETRY_ATTEMPTS=3
    expect((await get(`${gateway}/legacy/hello`)).status).toBe(200); // resets the failure count
  });

  it("passes the legacy application's own 5xx through once, unchanged", async () => {
    const boom = await get(`${gateway}/legacy/boom`);
    expect(boom).toMatchObject({ status: 500, body: 'legacy exploded' });
    expect(legacy.hitsOn('/legacy/boom')).toHaveLength(1); // a 500 is not "try again"
    expect((await get(`${gateway}/legacy/hello`)).status).toBe(200);
  });

  it('opens the legacy breaker when it is down (502, then 503 fast), and closes it when it is back', async () => {
    await legacy.stop();
    const down = await get(`${gateway}/legacy/hello`);
    expect(down).toMatchObject({ status: 502, body: { statusCode: 502, error: 'Bad Gateway' } });
    await eventually(async () => (await get(`${gateway}/legacy/hello`)).status === 503, 5_000, 0);
    expect(await legacyBreaker()).toBe('open');
    const fast = await get(`${gateway}/legacy/hello`);
    expect(fast).toMatchObject({
      status: 503,
      body: { details: { code: 'CIRCUIT_OPEN', downstream: 'legacy' } },
    });
    expect(fast.headers.get('retry-after')).toBe('1');
    expect(fast.ms).toBeLessThan(1_000); // no attempt, no backoff: refused on arrival
    expect(system.processes.get('api-gateway')!.output).toContain('circuit of legacy opened');

    await legacy.start();
    await eventually(async () => (await get(`${gateway}/legacy/hello`)).status === 200, 10_000);
    await eventually(async () => {
      await get(`${gateway}/legacy/hello`);
      return (await legacyBreaker()) === 'closed';
    }, 5_000);
  });

  it('moves a route from the legacy application to inventory-service by configuration alone', async () => {
    const legacyHits = legacy.hitsOn('/inventory/products/SKU-MOVED').length;
    await restartGateway({
      LEGACY_ROUTES: '/legacy',
      THROTTLE_LIMIT: '12',
      THROTTLE_TTL_MS: '60000',
    });
    expect(
      await post(`${gateway}/inventory/products`, { sku: 'SKU-MOVED', available: 3 }),
    ).toMatchObject({
      status: 201,
    });
    expect((await get(`${gateway}/inventory/products/SKU-MOVED`)).body).toEqual({
      sku: 'SKU-MOVED',
      available: 3,
      reserved: 0,
    });
    expect(legacy.hitsOn('/inventory/products/SKU-MOVED')).toHaveLength(legacyHits);
    expect((await get(`${gateway}/legacy/hello`)).status).toBe(200);
  });

  it('rate-limits each client with 429 and Retry-After, but never /health', async () => {
    const statuses: number[] = [];
    let limited = await get(`${gateway}/inventory/products/SKU-MOVED`);
    for (let i = 0; i < 15 && limited.status !== 429; i++) {
      statuses.push(limited.status);
      limited = await get(`${gateway}/inventory/products/SKU-MOVED`);
    }
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(limited).toMatchObject({
      status: 429,
      body: { statusCode: 429, error: 'Too Many Requests', message: expect.any(String) },
    });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) expect((await get(`${gateway}/health/ready`)).status).toBe(200);
  });
});
