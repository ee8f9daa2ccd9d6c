import { Test, TestingModule } from '@nestjs/testing';
import { SpanKind, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import {
  createEnvelope,
  createTransport,
  Envelope,
  MessagingModule,
  messagingOptionsFromEnv,
  Transport,
} from '@railyard/messaging';
import { installInMemoryTracing, InMemoryTracing, validatedConfigModule } from '@railyard/platform';
import {
  createTestDatabase,
  DATABASE_KINDS,
  TestDatabase,
} from '../../../../test/support/database';
import { persistenceEnvSchema } from '../persistence.config';
import { PersistenceModule } from '../persistence.module';
import { UnitOfWork } from '../unit-of-work/unit-of-work';
import { Outbox } from './outbox';

jest.setTimeout(60_000);

/**
 * The outbox hop keeps the trace: an event staged inside some work and published later by the
 * relay is processed as a child of that work (through its `create` span), not of the relay.
 */

const SERVICE = 'outbox-tracing';
let tracing: InMemoryTracing;
beforeAll(() => {
  tracing = installInMemoryTracing('outbox-tracing-spec');
});
afterAll(() => tracing.uninstall());

async function spansNamed(...names: string[]): Promise<ReadableSpan[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = names.map((name) => tracing.spans().find((span) => span.name === name));
    if (found.every(Boolean)) return found as ReadableSpan[];
    if (Date.now() > deadline) {
      const have = tracing.spans().map((span) => span.name);
      throw new Error(`spans ${names.join(', ')} not all ended; have: ${have.join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const idOf = (span: ReadableSpan) => span.spanContext().spanId;

describe.each(DATABASE_KINDS)('tracing across the outbox (%s)', (kind) => {
  let db: TestDatabase;
  let moduleRef: TestingModule;
  let consumer: Transport;
  let received: Promise<Envelope>;

  beforeEach(async () => {
    tracing.reset();
    db = await createTestDatabase(kind, SERVICE);
    const broker = `outbox-tracing-${kind}-${Date.now()}`;
    const busEnv = { TRANSPORT: 'memory', MESSAGING_MEMORY_BROKER: broker } as const;
    let deliver: (envelope: Envelope) => void;
    received = new Promise((resolve) => (deliver = resolve));
    consumer = createTransport(messagingOptionsFromEnv('shipping', busEnv));
    await consumer.listen({
      events: new Map([['order.paid', async (envelope: Envelope) => deliver(envelope)]]),
      requests: new Map(),
    });
    moduleRef = await Test.createTestingModule({
      imports: [
        validatedConfigModule(persistenceEnvSchema(SERVICE), {
          ...db.env,
          OUTBOX_POLL_INTERVAL_MS: '20',
        }),
        PersistenceModule.forRoot({ service: SERVICE, entities: [], migrations: [] }),
        MessagingModule.forRoot({ options: messagingOptionsFromEnv(SERVICE, busEnv) }),
      ],
    }).compile();
    await moduleRef.init();
  });

  afterEach(async () => {
    await moduleRef?.close();
    await consumer?.close();
    await db?.drop();
  });

  it("makes the consumer's process span a child of the staging work, not of the relay", async () => {
    const uow = moduleRef.get(UnitOfWork);
    const outbox = moduleRef.get(Outbox);
    const staged = await trace
      .getTracer('spec')
      .startActiveSpan('handle payment.captured', async (work) => {
        try {
          return await uow.run((tx) =>
            outbox.add(tx, createEnvelope({ type: 'order.paid', payload: { n: 1 } })),
          );
        } finally {
          work.end();
        }
      });
    const delivered = await received;

    const [work, create, relay, send, process] = await spansNamed(
      'handle payment.captured',
      'create order.paid',
      'outbox relay',
      'send order.paid',
      'process order.paid',
    );
    // Staging: a PRODUCER `create` span under the work, its context stored with the envelope.
    expect(create.kind).toBe(SpanKind.PRODUCER);
    expect(create.parentSpanContext?.spanId).toBe(idOf(work));
    expect(create.attributes).toMatchObject({
      'messaging.operation.type': 'create',
      'messaging.message.id': staged.messageId,
    });
    expect(staged.headers.traceparent).toContain(idOf(create));
    expect(delivered.headers.traceparent).toBe(staged.headers.traceparent);

    // Delivery: the consumer continues the staging trace.
    expect(process.spanContext().traceId).toBe(work.spanContext().traceId);
    expect(process.parentSpanContext).toMatchObject({ spanId: idOf(create), isRemote: true });

    // The relay's send is not the parent; it links to the message's creation instead.
    expect(process.parentSpanContext?.spanId).not.toBe(idOf(send));
    expect(send.kind).toBe(SpanKind.PRODUCER);
    expect(send.links.map((link) => link.context.spanId)).toEqual([idOf(create)]);
    expect(send.attributes['messaging.system.name']).toBe('memory');
    // The relay pass is a trace of its own: its span is the parent of its sends.
    expect(send.parentSpanContext?.spanId).toBe(idOf(relay));
    expect(relay.spanContext().traceId).not.toBe(work.spanContext().traceId);
    expect(relay.attributes['messaging.batch.message_count']).toBe(1);
  });
});
