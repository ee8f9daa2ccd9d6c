import { Logger } from '@nestjs/common';
import { MetricsRegistry } from '@railyard/platform';
import { parsePrometheusText, sumOf } from '../../../../test/support/prometheus-text';
import { createEnvelope } from '../envelope/envelope';
import { envelopeToHeaders } from '../envelope/envelope-headers';
import { EventHandler, RequestHandler } from '../transport/transport';
import { DeliveryPipeline } from './delivery-pipeline';
import { InboundMessage } from './inbound-message';
import { MessagingMetrics } from './messaging-metrics';

beforeAll(() => Logger.overrideLogger(false));

function inbound(type: string, payload: unknown = {}): InboundMessage {
  const envelope = createEnvelope({ type, payload });
  return {
    source: type,
    headers: envelopeToHeaders(envelope),
    body: Buffer.from(JSON.stringify(payload)),
  };
}

/** A pipeline whose metrics are exported to a fresh registry, as MessagingModule wires it. */
function instrumented(
  events: Record<string, EventHandler>,
  requests: Record<string, RequestHandler> = {},
) {
  const registry = new MetricsRegistry();
  const metrics = new MessagingMetrics();
  metrics.exportTo(registry);
  const pipeline = new DeliveryPipeline(
    { events: new Map(Object.entries(events)), requests: new Map(Object.entries(requests)) },
    { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 }, maxMessageBytes: 1024 },
    async () => undefined,
    new Logger('test'),
    metrics,
    async () => undefined,
  );
  const scrape = async () => parsePrometheusText(await registry.metrics());
  return { pipeline, metrics, scrape };
}

const DELIVERIES = 'railyard_bus_deliveries_total';

describe('the bus in Prometheus', () => {
  it('counts deliveries by kind, type and outcome, and times each handler attempt', async () => {
    let failures = 2;
    const { pipeline, scrape } = instrumented(
      {
        'a.ok': async () => undefined,
        'a.flaky': async () => {
          if (failures-- > 0) throw new Error('not yet');
        },
      },
      { 'a.ask': async () => ({ fine: true }) },
    );
    await pipeline.deliverEvent(inbound('a.ok'));
    await pipeline.deliverEvent(inbound('a.ok'));
    await pipeline.deliverEvent(inbound('a.flaky')); // fails twice: retried once, then dead-lettered
    await pipeline.deliverRequest(inbound('a.ask'));

    const samples = await scrape();
    expect(sumOf(samples, 'railyard_bus_messages_received_total', { kind: 'event' })).toBe(3);
    expect(sumOf(samples, DELIVERIES, { type: 'a.ok', outcome: 'handled' })).toBe(2);
    expect(sumOf(samples, DELIVERIES, { type: 'a.flaky', outcome: 'retried' })).toBe(1);
    expect(sumOf(samples, DELIVERIES, { type: 'a.flaky', outcome: 'dead_lettered' })).toBe(1);
    expect(sumOf(samples, DELIVERIES, { kind: 'request', type: 'a.ask', outcome: 'handled' })).toBe(
      1,
    );
    expect(
      sumOf(samples, 'railyard_bus_handler_duration_seconds_count', {
        kind: 'event',
        type: 'a.ok',
      }),
    ).toBe(2);
  });

  it('labels what a sender chose (unknown types, garbage) with fixed values', async () => {
    const { pipeline, metrics, scrape } = instrumented({ 'a.ok': async () => undefined });
    for (let i = 0; i < 5; i++) await pipeline.deliverEvent(inbound(`made.up.${i}`));
    await pipeline.deliverEvent({ source: 'x', headers: {}, body: Buffer.from('{') });
    await pipeline.deliverRequest(inbound('made.up.request'));

    const samples = await scrape();
    expect(sumOf(samples, DELIVERIES, { type: 'unrouted', outcome: 'invalid' })).toBe(5);
    expect(sumOf(samples, DELIVERIES, { type: 'undecodable', outcome: 'invalid' })).toBe(1);
    expect(
      sumOf(samples, DELIVERIES, { kind: 'request', type: 'unrouted', outcome: 'failed' }),
    ).toBe(1);
    expect(samples.filter((sample) => sample.labels.type?.startsWith('made.up'))).toEqual([]);
    // The counters health details show are unchanged by the export.
    expect(metrics.snapshot()).toMatchObject({ received: 7, invalid: 6, deadLettered: 6 });
  });
});
