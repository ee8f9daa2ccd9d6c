import { randomUUID } from 'node:crypto';
import { eventually, get, post } from '../support/gateway-http';
import { OtlpReceiver, ReceivedSpan, SPAN_KIND } from '../support/otlp-receiver';
import { TestSystem, TransportName } from '../support/system';

jest.setTimeout(180_000);

const TRANSPORTS: TransportName[] = ['tcp', 'rabbitmq', 'kafka'];

/**
 * One order, one trace: the four apps as processes on each real transport export their spans over
 * OTLP/HTTP to a stand-in collector, and the spans of one `POST /orders` form one tree across
 * them, every saga step in it, each hop through an outbox parented to the work that staged it.
 */
describe.each(TRANSPORTS)('tracing on %s', (transport) => {
  let system: TestSystem;
  let receiver: OtlpReceiver;
  let gateway: string;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    system = await TestSystem.create(transport, {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      LOG_LEVEL: 'warn',
    });
    await system.startAll();
    gateway = system.url('api-gateway');
  });
  afterAll(async () => {
    await system?.stopAll();
    await receiver?.close();
  });

  it(`[${transport}] one POST /orders is one trace through the gateway and the three services`, async () => {
    const run = randomUUID().slice(0, 8);
    const [sku, customerId, requestId] = [`SKU-${run}`, `customer-${run}`, `trace-${run}`];
    expect((await post(`${gateway}/inventory/products`, { sku, available: 10 })).status).toBe(201);
    expect((await post(`${gateway}/payments/accounts`, { customerId, balance: 100 })).status).toBe(
      201,
    );
    const placed = await post(
      `${gateway}/orders`,
      { customerId, items: [{ sku, quantity: 1, unitPrice: 10.5 }] },
      { 'X-Request-Id': requestId },
    );
    expect(placed.status).toBe(202);
    const { orderId } = placed.body as { orderId: string };
    await eventually(
      async () =>
        ((await get(`${gateway}/orders/${orderId}`)).body as { order: { status: string } }).order
          .status === 'CONFIRMED',
      30_000,
    );

    // The gateway's request span is the root; its trace is the order's. Spans arrive in batches.
    const root = (await eventually(
      async () =>
        receiver.spans.find(
          (span) =>
            span.service === 'api-gateway' &&
            span.name === 'request order.create' &&
            span.attributes['railyard.correlation_id'] === requestId,
        ),
      30_000,
    )) as ReceivedSpan;
    const steps: Array<[string, string]> = [
      ['order-service', 'process order.create'],
      ['inventory-service', 'process inventory.reserve-stock'],
      ['order-service', 'process inventory.stock-reserved'],
      ['payment-service', 'process payment.charge'],
      ['order-service', 'process payment.completed'],
      ['inventory-service', 'process inventory.commit-stock'],
    ];
    const trace = (await eventually(async () => {
      const spans = receiver.spans.filter((span) => span.traceId === root.traceId);
      const has = ([service, name]: [string, string]) =>
        spans.some((span) => span.service === service && span.name === name);
      return steps.every(has) ? spans : undefined;
    }, 30_000)) as ReceivedSpan[];

    expect(root.kind).toBe(SPAN_KIND.CLIENT);
    expect(root.parentSpanId).toBeUndefined();
    const byId = new Map(trace.map((span) => [span.spanId, span]));
    const one = (service: string, name: string): ReceivedSpan =>
      trace.find((span) => span.service === service && span.name === name)!;
    // The service answering the gateway runs under the gateway's span.
    expect(one('order-service', 'process order.create')).toMatchObject({
      kind: SPAN_KIND.SERVER,
      parentSpanId: root.spanId,
    });
    // Every step after it is a consumer whose parent is the `create` span of the work that staged
    // its message in an outbox, in the service that staged it: not the relay.
    for (const [service, name] of steps.slice(1)) {
      const processed = one(service, name);
      expect({ name, kind: processed.kind }).toEqual({ name, kind: SPAN_KIND.CONSUMER });
      const parent = byId.get(processed.parentSpanId ?? '');
      expect({ name, parent: parent?.name }).toEqual({
        name,
        parent: name.replace(/^process /, 'create '),
      });
    }
    // Nothing in the trace hangs off a span the trace does not hold.
    for (const span of trace) {
      if (span !== root) expect(byId.has(span.parentSpanId ?? '')).toBe(true);
    }
    expect(new Set(trace.map((span) => span.service))).toEqual(
      new Set(['api-gateway', 'order-service', 'inventory-service', 'payment-service']),
    );
  });
});
