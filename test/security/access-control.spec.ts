import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { repoRoot } from '../support/app-process';
import { eventually, get, post, send, WITHOUT_TOKEN } from '../support/gateway-http';
import { customerToken } from '../support/gateway-tokens';
import { TestSystem } from '../support/system';

jest.setTimeout(120_000);

/** Exactly the command the README and scripts use; prints nothing but the token. */
function cliToken(...args: string[]): string {
  return execFileSync('npm', ['run', '-s', 'token', '--', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * The four apps on TCP, their links authenticated by BUS_SECRET, attacked through the gateway
 * with real tokens: customers reaching for what is not theirs, customers on admin routes, probes
 * without tokens. Every refusal is a 403 or 401 that no breaker counts, and no token reaches the
 * gateway's log.
 */
describe('who may do what at the gateway (the four apps on TCP)', () => {
  let system: TestSystem;
  let gateway: string;
  const alice = `alice-${randomUUID().slice(0, 8)}`;
  const bob = `bob-${randomUUID().slice(0, 8)}`;
  const sku = `SKU-${randomUUID().slice(0, 8)}`;
  let admin: Record<string, string>;
  let asAlice: Record<string, string>;
  const asBob = () => bearer(customerToken(bob));
  let aliceOrder: string;
  let bobOrder: string;

  beforeAll(async () => {
    system = await TestSystem.create('tcp', {
      THROTTLE_LIMIT: '100000',
      LOG_LEVEL: 'info',
      // Every link between the apps authenticated too, so the whole order flow runs over it.
      BUS_SECRET: 'access-control-spec-bus-secret-0123456789',
    });
    await system.startAll();
    gateway = system.url('api-gateway');
    const adminToken = cliToken('--role', 'admin');
    const aliceToken = cliToken('--sub', alice);
    for (const token of [adminToken, aliceToken])
      expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    admin = bearer(adminToken.trim());
    asAlice = bearer(aliceToken.trim());
    expect(
      (await post(`${gateway}/inventory/products`, { sku, available: 100 }, admin)).status,
    ).toBe(201);
    for (const customerId of [alice, bob]) {
      const account = await post(
        `${gateway}/payments/accounts`,
        { customerId, balance: 100 },
        admin,
      );
      expect(account.status).toBe(201);
    }
    const order = (customerId: string, headers: Record<string, string>) =>
      post(
        `${gateway}/orders`,
        { customerId, items: [{ sku, quantity: 1, unitPrice: 1 }] },
        headers,
      );
    const own = await order(alice, asAlice);
    expect(own.status).toBe(202);
    aliceOrder = (own.body as { orderId: string }).orderId;
    bobOrder = ((await order(bob, asBob())).body as { orderId: string }).orderId;
    await eventually(async () => {
      const answer = await get(`${gateway}/orders/${aliceOrder}`, admin);
      return (answer.body as { order?: { status: string } }).order?.status === 'CONFIRMED';
    }, 30_000);
  });
  afterAll(() => system?.stopAll());

  it('refuses a customer on admin routes with 403', async () => {
    const product = await post(`${gateway}/inventory/products`, { sku, available: 1_000 }, asAlice);
    expect(product).toMatchObject({ status: 403, body: { details: { code: 'ADMIN_ONLY' } } });
    const account = await post(
      `${gateway}/payments/accounts`,
      { customerId: alice, balance: 1e6 },
      asAlice,
    );
    expect(account).toMatchObject({ status: 403, body: { details: { code: 'ADMIN_ONLY' } } });
    // 100 set by the admin, less one unit for each customer's order: the refused set changed nothing.
    expect((await get(`${gateway}/inventory/products/${sku}`, admin)).body).toMatchObject({
      available: 98,
    });
  });

  it("refuses a customer another customer's order, account and payments with 403", async () => {
    const forBob = await post(
      `${gateway}/orders`,
      { customerId: bob, items: [{ sku, quantity: 1, unitPrice: 1 }] },
      asAlice,
    );
    expect(forBob).toMatchObject({ status: 403, body: { details: { code: 'NOT_YOUR_RESOURCE' } } });
    for (const path of [
      `/orders/${bobOrder}`,
      `/payments/accounts/${bob}`,
      `/payments/orders/${bobOrder}`,
    ]) {
      const answer = await get(`${gateway}${path}`, asAlice);
      expect({ path, status: answer.status, body: answer.body }).toMatchObject({
        path,
        status: 403,
        body: { details: { code: 'NOT_YOUR_RESOURCE' } },
      });
    }
  });

  it('gives a customer its own order, account and payments, and an admin anyone’s', async () => {
    for (const headers of [asAlice, admin]) {
      expect(await get(`${gateway}/orders/${aliceOrder}`, headers)).toMatchObject({
        status: 200,
        body: { order: { id: aliceOrder, customerId: alice, status: 'CONFIRMED' } },
      });
      expect(await get(`${gateway}/payments/accounts/${alice}`, headers)).toMatchObject({
        status: 200,
        body: { customerId: alice, balance: 99 },
      });
      expect(await get(`${gateway}/payments/orders/${aliceOrder}`, headers)).toMatchObject({
        status: 200,
        body: [{ type: 'CHARGE', amount: 1 }],
      });
    }
    expect((await get(`${gateway}/orders/${bobOrder}`, admin)).status).toBe(200);
    expect((await get(`${gateway}/payments/orders/no-such-order`, asAlice)).status).toBe(404);
  });

  it('answers probes without a token with up/down only, and an admin with the details', async () => {
    for (const path of ['/health', '/health/live', '/health/ready']) {
      expect((await get(`${gateway}${path}`, WITHOUT_TOKEN)).status).toBe(200);
    }
    for (const headers of [WITHOUT_TOKEN, asAlice, bearer('forged.token.here')]) {
      const { body } = await get(`${gateway}/health`, headers);
      expect(JSON.stringify(body)).not.toMatch(/breaker|127\.0\.0\.1|peers/);
    }
    const { body } = await get(`${gateway}/health`, admin);
    expect(body).toMatchObject({
      details: { resilience: { order: { breaker: { state: 'closed' } } } },
    });
  });

  it('never lets refused callers open a breaker', async () => {
    for (let i = 0; i < 20; i++) {
      expect((await get(`${gateway}/orders/${bobOrder}`, asAlice)).status).toBe(403);
      expect((await get(`${gateway}/orders/${bobOrder}`, bearer('forged.token.here'))).status).toBe(
        401,
      );
      expect((await post(`${gateway}/orders`, {}, WITHOUT_TOKEN)).status).toBe(401);
    }
    const { body } = await get(`${gateway}/health`, admin);
    const resilience = (
      body as { details: { resilience: Record<string, { breaker: { state: string } }> } }
    ).details.resilience;
    for (const downstream of ['order', 'payment'])
      expect(resilience[downstream].breaker.state).toBe('closed');
  });

  it('declares the bearer scheme and the 401/403 answers of every secured operation in OpenAPI', async () => {
    const { body } = await send('GET', `${gateway}/docs-json`, { headers: WITHOUT_TOKEN });
    const document = body as {
      components: { securitySchemes: Record<string, { type: string; scheme: string }> };
      paths: Record<
        string,
        Record<string, { security?: unknown; responses: Record<string, unknown> }>
      >;
    };
    expect(document.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
    );
    const secured = operations.filter(({ path }) => !path.startsWith('/health'));
    expect(secured.length).toBeGreaterThanOrEqual(7);
    for (const { path, method, operation } of secured) {
      expect({ path, method, security: operation.security }).toEqual({
        path,
        method,
        security: [{ bearer: [] }],
      });
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403']));
    }
  });

  it('keeps every token out of its log, and warns that the development secret is in use', async () => {
    const output = system.processes.get('api-gateway')!.output;
    expect(output).toContain('request completed'); // refused requests were logged
    expect(output).toContain('AUTH_JWT_SECRET is unset');
    for (const headers of [admin, asAlice, asBob()]) {
      expect(output).not.toContain(headers.authorization.slice('Bearer '.length));
    }
    expect(output).not.toContain('forged.token.here');
  });

  it('ran every link between the apps authenticated', async () => {
    for (const app of ['order-service', 'inventory-service', 'payment-service'] as const) {
      expect(system.processes.get(app)!.output).not.toContain('BUS_SECRET is unset');
      const { body } = await get(`${system.url(app)}/health/ready`);
      expect(body).toMatchObject({
        details: { transport: { details: { authenticatesPeers: true } } },
      });
    }
  });
});
