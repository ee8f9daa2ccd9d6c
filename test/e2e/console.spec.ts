import { randomUUID } from 'node:crypto';
import { eventually, get, post, WITHOUT_TOKEN } from '../support/gateway-http';
import { adminToken, authHeaders } from '../support/gateway-tokens';
import { EventStreamClient } from '../support/event-stream';
import { TestSystem } from '../support/system';

jest.setTimeout(120_000);

const INTERVAL_MS = 300;
const MAX_STREAMS = 2;
const EVENT_WITHIN_MS = 10_000;

interface ServiceEntry {
  service: string;
  reachable: boolean;
  transport?: string;
  bus?: Record<string, number>;
  outbox?: { pending: number; retrying: number; parked: number; oldestUnsentAgeMs: number | null };
  deadLetters?: number | null;
  sagas?: Record<string, number>;
}
interface Overview {
  at: string;
  gateway: { downstreams: Array<{ name: string; breaker: string; bulkhead: object }> };
  services: ServiceEntry[];
}

const admin = () => ({ authorization: `Bearer ${adminToken()}` });
/**
 * Events handled by every service: traffic moves it, the console's own polling does not (each
 * status request is a request served, counted apart).
 */
const handledEvents = (overview: Overview) =>
  overview.services.reduce((sum, entry) => sum + (entry.bus?.handled ?? 0), 0);

/**
 * The console's live view (issue 17) on a running system: the overview, and the stream of it that
 * one shared poller feeds, for admins only; bounded, freed when a client leaves, ended at shutdown.
 */
describe.each(['tcp', 'rabbitmq', 'kafka'] as const)(
  'the console overview and stream on %s',
  (transport) => {
    let system: TestSystem;
    let gateway: string;
    const customerId = `customer-${randomUUID().slice(0, 8)}`;
    const open: EventStreamClient[] = [];
    const openStream = async (headers = admin()) => {
      const client = await EventStreamClient.open(`${gateway}/admin/stream`, headers);
      open.push(client);
      return client;
    };

    beforeAll(async () => {
      system = await TestSystem.create(transport, {
        // Queues of its own on the shared broker.
        RAILYARD_NAMESPACE: `console-${randomUUID().slice(0, 8)}`,
        CONSOLE_STREAM_INTERVAL_MS: String(INTERVAL_MS),
        CONSOLE_STREAM_MAX_CLIENTS: String(MAX_STREAMS),
        THROTTLE_LIMIT: '100000',
      });
      await system.startAll();
      gateway = system.url('api-gateway');
    });
    afterAll(async () => {
      for (const client of open) client.close();
      await system?.stopAll();
    });

    it('answers /admin/overview to admins only', async () => {
      expect((await get(`${gateway}/admin/overview`, WITHOUT_TOKEN)).status).toBe(401);
      expect((await get(`${gateway}/admin/overview`, authHeaders(customerId))).status).toBe(403);
      const { status, body } = await get(`${gateway}/admin/overview`);
      expect(status).toBe(200);
      const overview = body as Overview;
      expect(Date.parse(overview.at)).not.toBeNaN();
      expect(overview.gateway.downstreams.map((d) => d.name)).toEqual(
        expect.arrayContaining(['order', 'inventory', 'payment']),
      );
      for (const downstream of overview.gateway.downstreams) {
        expect(downstream).toMatchObject({
          breaker: 'closed',
          bulkhead: { active: expect.any(Number), capacity: expect.any(Number) },
        });
      }
      expect(overview.services.map((entry) => entry.service)).toEqual([
        'order',
        'inventory',
        'payment',
      ]);
      for (const entry of overview.services) {
        expect(entry).toMatchObject({
          reachable: true,
          transport,
          bus: { received: expect.any(Number), deadLettered: expect.any(Number) },
          outbox: { pending: expect.any(Number), parked: expect.any(Number) },
        });
      }
      const order = overview.services.find((entry) => entry.service === 'order');
      expect(order?.sagas).toMatchObject({ RUNNING: expect.any(Number) });
      expect(overview.services.find((entry) => entry.service === 'payment')?.sagas).toBeUndefined();
    });

    it('streams overview events whose counters move with traffic', async () => {
      const refused = await EventStreamClient.open(`${gateway}/admin/stream`, {});
      expect(refused.status).toBe(401);
      const customer = await EventStreamClient.open(
        `${gateway}/admin/stream`,
        authHeaders(customerId),
      );
      expect(customer.status).toBe(403);

      const stream = await openStream();
      expect(stream.status).toBe(200);
      expect(stream.headers.get('content-type')).toContain('text/event-stream');
      const first = JSON.parse((await stream.nextOf('overview', EVENT_WITHIN_MS)).data) as Overview;
      const before = handledEvents(first);

      const sku = `SKU-${randomUUID().slice(0, 8)}`;
      expect((await post(`${gateway}/inventory/products`, { sku, available: 5 })).status).toBe(201);
      expect(
        (await post(`${gateway}/payments/accounts`, { customerId, balance: 100 })).status,
      ).toBe(201);
      const order = { customerId, items: [{ sku, quantity: 1, unitPrice: 10.5 }] };
      expect((await post(`${gateway}/orders`, order)).status).toBe(202);
      await eventually(async () => {
        const later = JSON.parse(
          (await stream.nextOf('overview', EVENT_WITHIN_MS)).data,
        ) as Overview;
        return handledEvents(later) > before && Date.parse(later.at) > Date.parse(first.at);
      }, EVENT_WITHIN_MS);
    });

    it("streams each saga host's latest sagas, and its saga counts in the overview", async () => {
      const stream = await openStream();
      const sku = `SKU-${randomUUID().slice(0, 8)}`;
      await post(`${gateway}/inventory/products`, { sku, available: 5 });
      const buyer = `customer-${randomUUID().slice(0, 8)}`;
      await post(`${gateway}/payments/accounts`, { customerId: buyer, balance: 100 });
      const order = await post(`${gateway}/orders`, {
        customerId: buyer,
        items: [{ sku, quantity: 1, unitPrice: 10.5 }],
      });
      expect(order.status).toBe(202);
      await eventually(async () => {
        const sagas = JSON.parse((await stream.nextOf('sagas', EVENT_WITHIN_MS)).data) as Record<
          string,
          Array<{ type: string; status: string }>
        >;
        expect(Object.keys(sagas)).toEqual(['order']);
        return sagas.order.length > 0;
      }, EVENT_WITHIN_MS);
      const overview = JSON.parse(
        (await stream.nextOf('overview', EVENT_WITHIN_MS)).data,
      ) as Overview;
      const counts = overview.services.find((entry) => entry.service === 'order')?.sagas ?? {};
      expect(Object.values(counts).reduce((sum, n) => sum + n, 0)).toBeGreaterThan(0);
    });

    it(`refuses a stream past ${MAX_STREAMS} open ones, and frees a slot when a client leaves`, async () => {
      while (open.filter((client) => client.streaming).length < MAX_STREAMS) {
        const client = await openStream();
        expect(client.status).toBe(200);
      }
      const extra = await openStream();
      expect(extra.status).toBe(429);
      open.find((client) => client.streaming)?.close();
      await eventually(async () => {
        const again = await openStream();
        if (again.status !== 200) return false;
        return (await again.nextOf('overview', EVENT_WITHIN_MS)).event === 'overview';
      }, EVENT_WITHIN_MS);
    });

    it('shows a service that does not answer as unreachable, quickly, and the others as usual', async () => {
      const payment = system.processes.get('payment-service');
      payment?.signal('SIGSTOP');
      try {
        const { status, body, ms } = await get(`${gateway}/admin/overview`);
        expect(status).toBe(200);
        const { services } = body as Overview;
        expect(services.find((entry) => entry.service === 'payment')).toMatchObject({
          reachable: false,
          error: expect.any(String),
        });
        expect(services.filter((entry) => entry.reachable).map((entry) => entry.service)).toEqual([
          'order',
          'inventory',
        ]);
        // Each service is asked for at most 1.5 s, all at once.
        expect(ms).toBeLessThan(3_000);
      } finally {
        payment?.signal('SIGCONT');
      }
    });

    it('ends open streams when the gateway shuts down, and the gateway exits', async () => {
      const streaming = open.filter((client) => client.streaming).at(-1);
      expect(streaming).toBeDefined();
      const gatewayProcess = system.processes.get('api-gateway');
      const exit = gatewayProcess?.stop(10_000);
      // Events still buffered may come first; then the server ends the stream.
      let event = await streaming?.next(10_000);
      while (event) event = await streaming?.next(10_000);
      // Nest's shutdown hooks re-raise the signal once closed: SIGTERM, not the SIGKILL that
      // stop() sends to a process still running after its grace period.
      expect(await exit).toBe('SIGTERM');
    });
  },
);
