import { AppProcess } from '../support/app-process';
import { get, WITHOUT_TOKEN } from '../support/gateway-http';
import { getJson } from '../support/http';
import { ALL_APPS, TestSystem, TransportName } from '../support/system';

jest.setTimeout(120_000);

const TRANSPORTS: TransportName[] = ['tcp', 'rabbitmq', 'kafka'];

describe.each(TRANSPORTS)('the four apps on %s', (transport) => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.create(transport);
    await system.startAll();
  });
  afterAll(() => system?.stopAll());

  it.each(ALL_APPS)(
    `[${transport}] %s answers /health, /health/live and /health/ready with 200`,
    async (app) => {
      for (const path of ['/health', '/health/live', '/health/ready']) {
        const { status, body } = await getJson(`${system.url(app)}${path}`);
        expect({ path, status }).toEqual({ path, status: 200 });
        expect(body).toMatchObject({ status: 'ok' });
      }
      // An admin's token (the gateway shows details to admins only; the services ignore it).
      const { body } = await get(`${system.url(app)}/health/ready`);
      expect(body).toMatchObject({ details: { transport: { status: 'up', transport } } });
    },
  );

  it(`[${transport}] the gateway shows a probe without a token only up/down per check`, async () => {
    const { status, body } = await get(`${system.url('api-gateway')}/health`, WITHOUT_TOKEN);
    expect(status).toBe(200);
    const { details } = body as { details: Record<string, Record<string, unknown>> };
    expect(Object.keys(details).sort()).toEqual(['resilience', 'services', 'transport']);
    for (const check of Object.values(details)) expect(check).toEqual({ status: 'up' });
  });

  it(`[${transport}] every app shuts down on SIGTERM within the grace period`, async () => {
    // stopAll escalates to SIGKILL after 15 s; ending by SIGTERM means the shutdown hooks finished
    // (Nest re-raises the signal once they have run).
    const codes = await system.stopAll();
    expect(Object.fromEntries(codes)).toEqual(
      Object.fromEntries(ALL_APPS.map((a) => [a, 'SIGTERM'])),
    );
  });
});

describe('start-up refusals', () => {
  it('a bad variable stops the app with a message naming it, exit code 1', async () => {
    const app = new AppProcess('order-service', {
      ORDER_HTTP_PORT: 'eighty',
      TRANSPORT: 'carrier-pigeon',
    }).start();
    expect(await app.exited(30_000)).toBe(1);
    expect(app.output).toContain('ORDER_HTTP_PORT=eighty');
    expect(app.output).toContain('TRANSPORT=carrier-pigeon');
    // Once, and without a stack: Nest's own exception handler used to print it first.
    expect(app.output.match(/ORDER_HTTP_PORT=eighty/g)).toHaveLength(1);
    expect(app.output).not.toMatch(/^\s+at /m);
  });

  it('a broker address that cannot work is refused at start, not at the first connect', async () => {
    const app = new AppProcess('inventory-service', {
      TRANSPORT: 'kafka',
      KAFKA_BROKERS: 'localhost',
      RABBITMQ_URL: 'http://guest:guest@127.0.0.1:5672',
    }).start();
    expect(await app.exited(30_000)).toBe(1);
    expect(app.output).toContain('KAFKA_BROKERS=localhost: each broker is host:port');
    expect(app.output).toContain('RABBITMQ_URL=');
    expect(app.output).toContain('must be an amqp:// or amqps:// URL');
  });
});
