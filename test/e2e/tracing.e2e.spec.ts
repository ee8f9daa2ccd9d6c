import { randomBytes, randomUUID } from 'node:crypto';
import { eventually, get, post } from '../support/gateway-http';
import { json, LegacyServer } from '../support/legacy-server';
import { OtlpReceiver, ReceivedSpan, SPAN_KIND } from '../support/otlp-receiver';
import { TestSystem, TransportName } from '../support/system';

jest.setTimeout(180_000);

const TRANSPORTS: TransportName[] = ['tcp', 'rabbitmq', 'kafka'];

/** The process spans of the saga's steps, in order: each is in the order's trace. */
const STEPS: Array<[string, string]> = [
  ['order-service', 'process order.create'],
  ['inventory-service', 'process inventory.reserve-stock'],
  ['order-service', 'process inventory.stock-reserved'],
  ['payment-service', 'process payment.charge'],
  ['order-service', 'process payment.completed'],
  ['inventory-service', 'process inventory.commit-stock'],
];

/** The saga's transitions: trigger, the span that drove it, a command it stages. */
const SAGA_TRANSITIONS: Array<[string, string, string]> = [
  ['start', 'process order.create', 'inventory.reserve-stock'],
  ['inventory.stock-reserved', 'process inventory.stock-reserved', 'payment.charge'],
  ['payment.completed', 'process payment.completed', 'inventory.commit-stock'],
];

/**
 * One order, one trace: the four apps as processes on each real transport export their spans over
 * OTLP/HTTP to a stand-in collector, and the spans of one `POST /orders` form one tree across
 * them, rooted in the gateway's HTTP SERVER span (or under the caller's span, when it sent a
 * traceparent), every saga step in it, each hop through an outbox parented to the work that
 * staged it.
 */
describe.each(TRANSPORTS)('tracing on %s', (transport) => {
  let system: TestSystem;
  let receiver: OtlpReceiver;
  let gateway: string;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    system = await TestSystem.create(transport, {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: receiver.protocol,
      LOG_LEVEL: 'warn',
    });
    await system.startAll();
    gateway = system.url('api-gateway');
  });
  afterAll(async () => {
    await system?.stopAll();
    await receiver?.close();
  });

  /** Places an order, sending `headers` with the POST, and waits until it is confirmed. */
  async function placeConfirmedOrder(headers: Record<string, string>): Promise<void> {
    const run = randomUUID().slice(0, 8);
    const [sku, customerId] = [`SKU-${run}`, `customer-${run}`];
    expect((await post(`${gateway}/inventory/products`, { sku, available: 10 })).status).toBe(201);
    expect((await post(`${gateway}/payments/accounts`, { customerId, balance: 100 })).status).toBe(
      201,
    );
    const placed = await post(
      `${gateway}/orders`,
      { customerId, items: [{ sku, quantity: 1, unitPrice: 10.5 }] },
      headers,
    );
    expect(placed.status).toBe(202);
    const { orderId } = placed.body as { orderId: string };
    await eventually(
      async () =>
        ((await get(`${gateway}/orders/${orderId}`)).body as { order: { status: string } }).order
          .status === 'CONFIRMED',
      30_000,
    );
  }

  /**
   * The gateway's `POST /orders` span of the request named `requestId`: the parent of the bus
   * span `request order.create`, which carries the request id as its correlation id. Spans
   * arrive in batches.
   */
  async function postOrdersSpan(requestId: string): Promise<ReceivedSpan> {
    const gatewaySpan = (name: string, match: (span: ReceivedSpan) => boolean) =>
      receiver.spans.find(
        (span) => span.service === 'api-gateway' && span.name === name && match(span),
      );
    return (await eventually(async () => {
      const client = gatewaySpan(
        'request order.create',
        (span) => span.attributes['messaging.message.conversation_id'] === requestId,
      );
      return client && gatewaySpan('POST /orders', (span) => span.spanId === client.parentSpanId);
    }, 30_000)) as ReceivedSpan;
  }

  /** The spans of trace `traceId`, once every saga step's has arrived. */
  async function orderTrace(traceId: string): Promise<ReceivedSpan[]> {
    return (await eventually(async () => {
      const spans = receiver.spans.filter((span) => span.traceId === traceId);
      const has = ([service, name]: [string, string]) =>
        spans.some((span) => span.service === service && span.name === name);
      return STEPS.every(has) ? spans : undefined;
    }, 30_000)) as ReceivedSpan[];
  }

  /** `trace` is one tree under `root`, the gateway's `POST /orders`, through all four apps. */
  function expectOneTree(trace: ReceivedSpan[], root: ReceivedSpan): void {
    expect(root).toMatchObject({
      service: 'api-gateway',
      name: 'POST /orders',
      kind: SPAN_KIND.SERVER,
      attributes: expect.objectContaining({
        'http.request.method': 'POST',
        'http.route': '/orders',
        'url.path': '/orders',
        'http.response.status_code': 202,
      }),
    });
    const byId = new Map(trace.map((span) => [span.spanId, span]));
    const one = (service: string, name: string): ReceivedSpan =>
      trace.find((span) => span.service === service && span.name === name)!;
    // The gateway's bus request runs under its HTTP span, the service answering it under that.
    const client = one('api-gateway', 'request order.create');
    expect(client).toMatchObject({ kind: SPAN_KIND.CLIENT, parentSpanId: root.spanId });
    expect(one('order-service', 'process order.create')).toMatchObject({
      kind: SPAN_KIND.SERVER,
      parentSpanId: client.spanId,
    });
    // Every step after it is a consumer whose parent is the `create` span of the work that staged
    // its message in an outbox, in the service that staged it: not the relay.
    for (const [service, name] of STEPS.slice(1)) {
      const processed = one(service, name);
      expect({ name, kind: processed.kind }).toEqual({ name, kind: SPAN_KIND.CONSUMER });
      const parent = byId.get(processed.parentSpanId ?? '');
      expect({ name, parent: parent?.name }).toEqual({
        name,
        parent: name.replace(/^process /, 'create '),
      });
    }
    // Each saga transition is a span under the message that drove it, and the commands it
    // stages hang off it: the saga's steps are visible as steps, not only as messages.
    for (const [trigger, drivenBy, staged] of SAGA_TRANSITIONS) {
      const transition = one('order-service', `saga order-fulfilment ${trigger}`);
      expect({
        trigger,
        kind: transition?.kind,
        parent: byId.get(transition?.parentSpanId ?? '')?.name,
      }).toEqual({ trigger, kind: SPAN_KIND.INTERNAL, parent: drivenBy });
      const command = one('order-service', `create ${staged}`);
      expect({ staged, parent: command.parentSpanId }).toEqual({
        staged,
        parent: transition.spanId,
      });
    }
    // Nothing in the trace hangs off a span the trace does not hold.
    for (const span of trace) {
      if (span !== root) expect(byId.has(span.parentSpanId ?? '')).toBe(true);
    }
    expect(new Set(trace.map((span) => span.service))).toEqual(
      new Set(['api-gateway', 'order-service', 'inventory-service', 'payment-service']),
    );
  }

  it(`[${transport}] one POST /orders is one trace, rooted in the gateway's HTTP span`, async () => {
    const requestId = `trace-${randomUUID().slice(0, 8)}`;
    await placeConfirmedOrder({ 'X-Request-Id': requestId });

    const root = await postOrdersSpan(requestId);
    expect(root.parentSpanId).toBeUndefined();
    expectOneTree(await orderTrace(root.traceId), root);
  });

  it(`[${transport}] a client's traceparent puts the whole order trace under the client's trace`, async () => {
    const [traceId, parentSpanId] = [
      randomBytes(16).toString('hex'),
      randomBytes(8).toString('hex'),
    ];
    const requestId = `trace-${randomUUID().slice(0, 8)}`;
    await placeConfirmedOrder({
      'X-Request-Id': requestId,
      traceparent: `00-${traceId}-${parentSpanId}-01`,
    });

    const root = await postOrdersSpan(requestId);
    expect(root).toMatchObject({ traceId, parentSpanId });
    const trace = await orderTrace(traceId);
    expectOneTree(trace, root);
    expect(trace.every((span) => span.traceId === traceId)).toBe(true);
  });
});

/**
 * The gateway's own outgoing HTTP: a call the legacy proxy forwards is a CLIENT span under the
 * request's SERVER span, and the legacy application gets that span's traceparent, not the
 * client's, so its own spans continue the gateway's trace. The proxy is the gateway's alone,
 * whatever the transport, so on TCP only, with no service running.
 */
describe('tracing the legacy proxy', () => {
  const legacy = new LegacyServer();
  let system: TestSystem;
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    await legacy.start();
    legacy.routes.set('/legacy/hello', json(200, { hello: 'from legacy' }));
    receiver = await OtlpReceiver.start();
    system = await TestSystem.create('tcp', {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: receiver.protocol,
      LEGACY_URL: legacy.url,
      LEGACY_ROUTES: '/legacy',
      LOG_LEVEL: 'warn',
    });
    system.start('api-gateway');
    await system.waitReady('api-gateway');
  });
  afterAll(async () => {
    await system?.stopAll();
    await receiver?.close();
    await legacy.stop();
  });

  it('records the forwarded call as a CLIENT span and hands the legacy app its context', async () => {
    const [clientTrace, clientSpan] = [
      randomBytes(16).toString('hex'),
      randomBytes(8).toString('hex'),
    ];
    const answer = await get(`${system.url('api-gateway')}/legacy/hello?page=2`, {
      traceparent: `00-${clientTrace}-${clientSpan}-01`,
    });
    expect(answer.status).toBe(200);

    const server = (await eventually(
      async () =>
        receiver.spans.find(
          (span) =>
            span.service === 'api-gateway' &&
            span.traceId === clientTrace &&
            span.kind === SPAN_KIND.SERVER,
        ),
      30_000,
    )) as ReceivedSpan;
    expect(server.parentSpanId).toBe(clientSpan);
    const client = (await eventually(
      async () =>
        receiver.spans.find(
          (span) => span.kind === SPAN_KIND.CLIENT && span.parentSpanId === server.spanId,
        ),
      30_000,
    )) as ReceivedSpan;
    expect(client).toMatchObject({
      name: 'GET',
      traceId: clientTrace,
      attributes: expect.objectContaining({
        'http.request.method': 'GET',
        'url.full': `${legacy.url}/legacy/hello`,
        'http.response.status_code': 200,
      }),
    });
    const [hit] = legacy.hitsOn('/legacy/hello');
    expect(hit.headers.traceparent).toBe(`00-${clientTrace}-${client.spanId}-01`);
  });
});
