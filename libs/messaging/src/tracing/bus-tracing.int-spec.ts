import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hrTimeToNanoseconds } from '@opentelemetry/core';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { installInMemoryTracing, InMemoryTracing } from '@railyard/platform';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { MessagingOptions, TransportName } from '../config/messaging-options';
import { messagingOptionsFromEnv } from '../config/messaging-options.from-config';
import { createEnvelope } from '../envelope/envelope';
import { RemoteError } from '../errors/remote.error';
import { createTransport } from '../transport/create-transport';
import { EventHandler, RequestHandler, Routes, Transport } from '../transport/transport';
import { TcpPeer } from '../transport/tcp/tcp.options';
import { Kafka, logLevel } from 'kafkajs';
import { addVhost, deleteVhost } from '../../../../test/support/rabbitmq-vhost';

jest.setTimeout(90_000);

/**
 * The bus's spans end to end on every transport (memory and TCP in process; RabbitMQ and Kafka on
 * the local brokers, RABBITMQ_URL / KAFKA_BROKERS): one trace from the caller's span through
 * publish, delivery and what the handler sends in turn. Names are unique to the run, so the
 * brokers' queues and topics are this file's alone (and removed after it).
 */
const RUN = `tracing-spec-${randomUUID().slice(0, 8)}`;
const TYPE = {
  placed: `${RUN}.order.placed`,
  invoiced: `${RUN}.invoice.created`,
  quote: `${RUN}.quote.get`,
  refuse: `${RUN}.quote.refuse`,
};
const BILLING = `${RUN}-billing`;
const ORDERS = `${RUN}-orders`;
const RABBITMQ_URL = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';

const HOST = '127.0.0.1';
let tracing: InMemoryTracing;
beforeAll(() => {
  Logger.overrideLogger(false);
  tracing = installInMemoryTracing('bus-tracing-spec');
});
afterAll(() => tracing.uninstall());
beforeEach(() => tracing.reset());

/** The spec's own tracer: the work a message is sent from (an HTTP request, a job). */
const caller = () => trace.getTracer('spec');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Two services' buses on one transport: `orders` sends, `billing` handles. */
interface Pair {
  orders: Transport;
  billing: Transport;
  close(): Promise<void>;
}

const BUS = {
  namespace: '',
  maxMessageBytes: 64 * 1024,
  retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
  requestTimeoutMs: 2_000,
  publishTimeoutMs: 2_000,
  shutdownTimeoutMs: 2_000,
  unrouted: { retentionMs: 60_000, maxBytes: 1024 * 1024 },
};

async function startPair(name: TransportName, routes: Record<string, Routes>): Promise<Pair> {
  const dir = mkdtempSync(join(tmpdir(), 'railyard-tracing-spec-'));
  const services = [BILLING, ORDERS];
  const peers: TcpPeer[] = [];
  for (const service of services) peers.push({ name: service, host: HOST, port: await freePort() });
  const retry = { MESSAGING_RETRY_BASE_MS: '5', MESSAGING_RETRY_MAX_MS: '10' };
  const optionsOf = (service: string): MessagingOptions => {
    switch (name) {
      case 'memory':
        return messagingOptionsFromEnv(service, {
          TRANSPORT: 'memory',
          MESSAGING_MEMORY_BROKER: RUN,
          ...retry,
        });
      case 'rabbitmq':
        return messagingOptionsFromEnv(service, {
          TRANSPORT: 'rabbitmq',
          RABBITMQ_URL: `${RABBITMQ_URL}/${RUN}`,
          ...retry,
        });
      case 'kafka':
        return messagingOptionsFromEnv(service, {
          TRANSPORT: 'kafka',
          KAFKA_BROKERS,
          ...retry,
        });
      case 'tcp':
        return {
          transport: 'tcp',
          service,
          instanceId: `${service}-1`,
          ...BUS,
          tcp: {
            port: peers.find((peer) => peer.name === service)?.port,
            bindHost: HOST,
            peers,
            deadLetterFile: join(dir, service, 'dead-letters.jsonl'),
            deadLetterRetention: { maxFileBytes: 1024 * 1024, files: 2, retentionMs: 86_400_000 },
            frameStallMs: 500,
          },
        };
    }
  };
  const started: Transport[] = [];
  for (const service of services) {
    const transport = createTransport(optionsOf(service));
    started.push(transport);
    await transport.listen(routes[service]);
  }
  const [billing, orders] = started;
  return {
    orders,
    billing,
    close: async () => {
      await Promise.allSettled(started.map((transport) => transport.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const routesOf = (
  events: Record<string, EventHandler>,
  requests: Record<string, RequestHandler> = {},
): Routes => ({
  events: new Map(Object.entries(events)),
  requests: new Map(Object.entries(requests)),
});

async function spansNamed(...names: string[]): Promise<ReadableSpan[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = names.map((name) => tracing.spans().find((span) => span.name === name));
    if (found.every(Boolean)) return found as ReadableSpan[];
    if (Date.now() > deadline) {
      throw new Error(
        `spans ${names.join(', ')} not all ended; have: ${tracing
          .spans()
          .map((span) => span.name)
          .join(', ')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const idOf = (span: ReadableSpan) => span.spanContext().spanId;
const traceOf = (span: ReadableSpan) => span.spanContext().traceId;

beforeAll(() => addVhost(RUN));
afterAll(async () => {
  await deleteVhost(RUN);
  const kafka = new Kafka({
    clientId: RUN,
    brokers: KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter((topic) => topic.includes(RUN));
  if (topics.length > 0) await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.disconnect();
});

describe.each<TransportName>(['memory', 'tcp', 'rabbitmq', 'kafka'])(
  'tracing on the %s transport',
  (name) => {
    let pair: Pair;
    let activeInHandler: string | undefined;
    let invoiced: () => void;
    let invoiceSeen: Promise<void>;

    beforeEach(async () => {
      activeInHandler = undefined;
      invoiceSeen = new Promise((resolve) => (invoiced = resolve));
      pair = await startPair(name, {
        [BILLING]: routesOf(
          {
            [TYPE.placed]: async (envelope) => {
              activeInHandler = trace.getActiveSpan()?.spanContext().spanId;
              // What the handler sends continues the trace (the process span is active).
              await pair.billing.publish(
                createEnvelope({ type: TYPE.invoiced, payload: {}, causedBy: envelope }),
              );
            },
          },
          {
            [TYPE.quote]: async (envelope) => ({
              quoted: (envelope.payload as { n: number }).n * 2,
            }),
            [TYPE.refuse]: async () => {
              throw Object.assign(new Error('no quote today'), { code: 'NO_QUOTE' });
            },
          },
        ),
        [ORDERS]: routesOf({ [TYPE.invoiced]: async () => invoiced() }),
      });
    });
    afterEach(() => pair.close());

    it('publish → process → publish → process is one trace of parents and children', async () => {
      const placed = createEnvelope({ type: TYPE.placed, payload: { n: 1 }, aggregateId: 'o-1' });
      await caller().startActiveSpan('POST /orders', async (root) => {
        await pair.orders.publish(placed);
        root.end();
      });
      await invoiceSeen;

      const [root, send, process, sendInvoice, processInvoice] = await spansNamed(
        'POST /orders',
        `send ${TYPE.placed}`,
        `process ${TYPE.placed}`,
        `send ${TYPE.invoiced}`,
        `process ${TYPE.invoiced}`,
      );
      for (const span of [send, process, sendInvoice, processInvoice]) {
        expect(traceOf(span)).toBe(traceOf(root));
      }
      expect(send.kind).toBe(SpanKind.PRODUCER);
      expect(send.parentSpanContext?.spanId).toBe(idOf(root));
      expect(process.kind).toBe(SpanKind.CONSUMER);
      expect(process.parentSpanContext).toMatchObject({ spanId: idOf(send), isRemote: true });
      expect(activeInHandler).toBe(idOf(process));
      expect(sendInvoice.parentSpanContext?.spanId).toBe(idOf(process));
      expect(processInvoice.parentSpanContext?.spanId).toBe(idOf(sendInvoice));

      expect(send.attributes).toMatchObject({
        'messaging.system.name': name,
        'messaging.destination.name': TYPE.placed,
        'messaging.operation.type': 'send',
        'messaging.message.id': placed.messageId,
        'messaging.message.conversation_id': placed.correlationId,
      });
      expect(process.attributes).toMatchObject({
        'messaging.system.name': name,
        'messaging.destination.name': TYPE.placed,
        'messaging.operation.type': 'process',
        'messaging.message.id': placed.messageId,
        'messaging.consumer.group.name': BILLING,
        'messaging.message.conversation_id': placed.correlationId,
        'railyard.delivery.outcome': 'handled',
      });
      // The follow-up carries the conversation on, and says so on its spans.
      expect(processInvoice.attributes['messaging.message.conversation_id']).toBe(
        placed.correlationId,
      );
      for (const span of [send, process, sendInvoice, processInvoice]) {
        expect(span.status.code).toBe(SpanStatusCode.UNSET);
      }
    });

    it('request → reply is a CLIENT span with the SERVER span of the handler as its child', async () => {
      const asked = createEnvelope({ type: TYPE.quote, payload: { n: 21 } });
      const body = await caller().startActiveSpan('GET /quote', async (root) => {
        try {
          return await pair.orders.request(BILLING, asked, 10_000);
        } finally {
          root.end();
        }
      });
      expect(body).toEqual({ quoted: 42 });

      const [root, request, process] = await spansNamed(
        'GET /quote',
        `request ${TYPE.quote}`,
        `process ${TYPE.quote}`,
      );
      expect(request.kind).toBe(SpanKind.CLIENT);
      expect(request.parentSpanContext?.spanId).toBe(idOf(root));
      expect(process.kind).toBe(SpanKind.SERVER);
      expect(process.parentSpanContext).toMatchObject({ spanId: idOf(request), isRemote: true });
      expect(traceOf(process)).toBe(traceOf(root));
      expect(request.attributes).toMatchObject({
        'messaging.system.name': name,
        'messaging.destination.name': BILLING,
        'messaging.operation.name': 'request',
        'messaging.message.id': asked.messageId,
      });
      expect(process.attributes['messaging.destination.name']).toBe(BILLING);
      // The client's span is open while the server works: it starts first and ends with the
      // reply. Not compared with the server span's end: that span ends after the reply is
      // written, which on loopback may reach the client a moment before (seen on TCP).
      // The SDK stamps a span's start with Date.now() (whole milliseconds) and its end as that
      // start plus a sub-millisecond duration, so ends of two spans compare only to within 1 ms
      // (a CI run saw the client's end 14 µs "before" the server's truncated start).
      const nanos = hrTimeToNanoseconds;
      const clockResolution = 1_000_000;
      expect(nanos(request.startTime)).toBeLessThanOrEqual(nanos(process.startTime));
      expect(nanos(request.endTime) + clockResolution).toBeGreaterThanOrEqual(
        nanos(process.startTime),
      );
    });

    it('marks both sides of a failed request as errors', async () => {
      const asked = createEnvelope({ type: TYPE.refuse, payload: {} });
      await expect(pair.orders.request(BILLING, asked, 10_000)).rejects.toBeInstanceOf(RemoteError);

      const [request, process] = await spansNamed(
        `request ${TYPE.refuse}`,
        `process ${TYPE.refuse}`,
      );
      expect(process.status).toEqual({ code: SpanStatusCode.ERROR, message: 'no quote today' });
      expect(process.attributes['error.type']).toBe('NO_QUOTE');
      expect(request.status.code).toBe(SpanStatusCode.ERROR);
      expect(request.attributes['error.type']).toBe('REMOTE_ERROR');
      // No caller span around it: the request starts its own trace, the handler continues it.
      expect(request.parentSpanContext).toBeUndefined();
      expect(process.parentSpanContext?.spanId).toBe(idOf(request));
    });
  },
);
