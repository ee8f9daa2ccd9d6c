import { INestApplication, Injectable, Logger } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { defineEvent, replyHeaders } from '@railyard/contracts';
import {
  createEnvelope,
  createTransport,
  Envelope,
  messagingOptionsFromEnv,
  Transport,
} from '@railyard/messaging';
import { PersistenceModule, persistenceEnvSchema, UnitOfWork } from '@railyard/persistence';
import { installInMemoryTracing, InMemoryTracing, validatedConfigModule } from '@railyard/platform';
import {
  ManualSagaClock,
  memoryBroker,
  MemoryBusModule,
  runDueSagaDeadlines,
  startTestService,
} from '@railyard/testing';
import { z } from 'zod/v4';
import {
  createTestDatabase,
  DATABASE_KINDS,
  TestDatabase,
} from '../../../../test/support/database';
import { sagaEnvSchema } from '../config/saga.config';
import { on, SagaDefinition, SagaStep, sendCommand } from '../definition/saga-definition';
import { SagaClock } from '../orchestrator/saga-clock';
import { SagaOrchestrator } from '../orchestrator/saga-orchestrator';
import { sagaModel } from '../persistence/saga.model';
import { SagaModule } from '../saga.module';

jest.setTimeout(60_000);
beforeAll(() => Logger.overrideLogger(false));

const SERVICE = 'saga-tracing';
const PARTICIPANT = 'saga-tracing-participant';
const SAGA = 'traced-purchase';

/** How the participant answers: all is well, the charge is declined, or the reserve goes unheard. */
type Mode = 'happy' | 'declined' | 'silent';
interface Purchase {
  mode: Mode;
}
const purchase = z.object({ mode: z.enum(['happy', 'declined', 'silent']) });
const none = z.object({});
const contract = <P extends z.ZodType>(type: string, payload: P) =>
  defineEvent({ type, service: 'traced', summary: type, payload });
const Reserve = contract('traced.reserve', purchase);
const Release = contract('traced.release', purchase);
const Charge = contract('traced.charge', purchase);
const Reserved = contract('traced.reserved', none);
const Released = contract('traced.released', none);
const Charged = contract('traced.charged', none);
const ChargeFailed = contract('traced.charge-failed', z.object({ reason: z.string() }));

/** Two steps, the first undone when the second fails; its completion hook can be made to fail. */
@Injectable()
class TracedPurchaseSaga implements SagaDefinition<Purchase> {
  readonly type = SAGA;
  refuseCompletions = 0;
  /** The span active in the last hook that ran: the transition's, or none with tracing off. */
  activeInHook?: string;
  readonly steps: readonly SagaStep<Purchase>[] = [
    {
      name: 'reserve',
      action: sendCommand(Reserve, (c) => c),
      replies: [on(Reserved, () => ({ ok: true }))],
      compensation: { ...sendCommand(Release, (c) => c), replies: [Released] },
      deadlineMs: 1_000,
    },
    {
      name: 'charge',
      action: sendCommand(Charge, (c) => c),
      replies: [
        on(Charged, () => ({ ok: true })),
        on(ChargeFailed, ({ reason }) => ({ ok: false, reason })),
      ],
    },
  ];

  async onCompleted(): Promise<void> {
    this.activeInHook = trace.getActiveSpan()?.spanContext().spanId;
    if (this.refuseCompletions-- > 0) throw new Error('the local write failed');
  }

  async onCompensated(): Promise<void> {
    this.activeInHook = trace.getActiveSpan()?.spanContext().spanId;
  }
}

/** The other service: answers each command over the bus as `mode` says, copying reply-* headers. */
async function startParticipant(broker: string): Promise<Transport> {
  const bus = createTransport(
    messagingOptionsFromEnv(PARTICIPANT, { TRANSPORT: 'memory', MESSAGING_MEMORY_BROKER: broker }),
  );
  const answer = (command: Envelope, type: string, payload: object = {}) =>
    bus.publish(
      createEnvelope({ type, payload, causedBy: command, headers: replyHeaders(command.headers) }),
    );
  const modeOf = (command: Envelope) => (command.payload as Purchase).mode;
  await bus.listen({
    events: new Map([
      [
        Reserve.type,
        async (c: Envelope) => (modeOf(c) === 'silent' ? undefined : answer(c, Reserved.type)),
      ],
      [
        Charge.type,
        async (c: Envelope) =>
          modeOf(c) === 'declined'
            ? answer(c, ChargeFailed.type, { reason: 'card declined' })
            : answer(c, Charged.type),
      ],
      [Release.type, async (c: Envelope) => answer(c, Released.type)],
    ]),
    requests: new Map(),
  });
  return bus;
}

const idOf = (span: ReadableSpan | undefined) => span?.spanContext().spanId;
const traceOf = (span: ReadableSpan | undefined) => span?.spanContext().traceId;
const parentOf = (span: ReadableSpan | undefined) => span?.parentSpanContext?.spanId;

/**
 * A saga on a real database and the memory bus, its other service played by a transport of its
 * own, traced into memory: the transition spans, where they hang in the trace, and what hangs off
 * them (the commands they stage, through the outbox to the participant and back).
 */
describe.each(DATABASE_KINDS)('saga transition spans on %s', (kind) => {
  let db: TestDatabase;
  let app: INestApplication | undefined;
  let participant: Transport | undefined;
  let tracing: InMemoryTracing | undefined;
  let clock: ManualSagaClock;
  let broker: string;

  const boot = async ({ traced = true } = {}) => {
    if (traced) tracing = installInMemoryTracing('saga-tracing-spec');
    clock = new ManualSagaClock();
    broker = `saga-tracing-${kind}-${Date.now()}`;
    participant = await startParticipant(broker);
    const schema = persistenceEnvSchema(SERVICE).merge(sagaEnvSchema);
    // No background deadline scan: the timeout test runs its pass itself.
    const env = { ...db.env, SAGA_TICK_MS: '60000', OUTBOX_POLL_INTERVAL_MS: '20' };
    app = await startTestService(
      {
        imports: [
          validatedConfigModule(schema, env),
          MemoryBusModule.forService(SERVICE, { broker }),
          PersistenceModule.forRoot({ service: SERVICE, ...sagaModel }),
          CqrsModule.forRoot(),
          SagaModule.forRoot({ sagas: [TracedPurchaseSaga] }),
        ],
      },
      (builder) => builder.overrideProvider(SagaClock).useValue(clock),
    );
    return app;
  };

  beforeEach(async () => {
    db = await createTestDatabase(kind, SERVICE);
  });
  afterEach(async () => {
    await app?.close();
    await participant?.close();
    await tracing?.uninstall();
    memoryBroker(broker).discard();
    [app, participant, tracing] = [undefined, undefined, undefined];
    await db.drop();
  });

  /** Starts a saga inside a span of the spec's own: the work that places the order. */
  const start = (a: INestApplication, id: string, mode: Mode) =>
    trace.getTracer('spec').startActiveSpan('place order', async (span) => {
      try {
        await a.get(UnitOfWork).run((tx) => a.get(SagaOrchestrator).start(tx, SAGA, id, { mode }));
      } finally {
        span.end();
      }
    });

  const statusOf = async (a: INestApplication, id: string): Promise<string | undefined> => {
    const rows: Array<{ id: string; status: string }> = await a
      .get(UnitOfWork)
      .dataSource.query('SELECT id, status FROM saga_instance');
    return rows.find((row) => row.id === id)?.status;
  };

  const eventually = async <T>(
    what: string,
    probe: () => Promise<T | undefined> | T | undefined,
  ) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = await probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`${what}: not within 20 s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  /**
   * The saga's transition spans once `count` have ended, in the order they ended: a saga's
   * transitions run one after the other (not by start time: the SDK stamps it in whole ms).
   */
  const transitions = (id: string, count: number) =>
    eventually(`${count} transition spans of ${id}`, () => {
      const spans = tracing!.spans().filter((span) => span.attributes['railyard.saga.id'] === id);
      return spans.length >= count ? spans : undefined;
    });

  /** The one ended span named `name` (of this service, for a process span), once it has ended. */
  const span = (name: string, service = SERVICE) =>
    eventually(`span ${name}`, () =>
      tracing!
        .spans()
        .find(
          (s) =>
            s.name === name &&
            (!name.startsWith('process ') ||
              s.attributes['messaging.consumer.group.name'] === service),
        ),
    );

  it(`[${kind}] a happy saga: one span per transition, each a child of what drove it`, async () => {
    const a = await boot();
    await start(a, 'happy-1', 'happy');
    const [started, reserved, charged] = await transitions('happy-1', 3);
    const root = await span('place order');

    expect([started, reserved, charged].map((s) => s.name)).toEqual([
      `saga ${SAGA} start`,
      `saga ${SAGA} ${Reserved.type}`,
      `saga ${SAGA} ${Charged.type}`,
    ]);
    for (const s of [started, reserved, charged]) {
      expect(s.kind).toBe(SpanKind.INTERNAL);
      expect(s.status.code).toBe(SpanStatusCode.UNSET);
      expect(traceOf(s)).toBe(traceOf(root));
    }
    // Started in the caller's work; each later one under the process span of the reply that
    // drove it: the process span is active when the saga's handler runs, across the CQRS hop.
    expect(parentOf(started)).toBe(idOf(root));
    expect(parentOf(reserved)).toBe(idOf(await span(`process ${Reserved.type}`)));
    expect(parentOf(charged)).toBe(idOf(await span(`process ${Charged.type}`)));
    // Its last reply handled, the saga made no other span.
    expect(await transitions('happy-1', 3)).toHaveLength(3);
    // The commands a transition stages are its children, and the participant continues from them.
    const createReserve = await span(`create ${Reserve.type}`);
    const createCharge = await span(`create ${Charge.type}`);
    expect(parentOf(createReserve)).toBe(idOf(started));
    expect(parentOf(createCharge)).toBe(idOf(reserved));
    expect(parentOf(await span(`process ${Reserve.type}`, PARTICIPANT))).toBe(idOf(createReserve));

    expect(started.attributes).toEqual({
      'railyard.saga.type': SAGA,
      'railyard.saga.id': 'happy-1',
      'railyard.saga.trigger': 'start',
      'railyard.saga.to_state': 'RUNNING',
      'railyard.saga.step': 'reserve',
      'railyard.saga.attempt': 1,
      'railyard.saga.compensating': false,
    });
    expect(reserved.attributes).toMatchObject({
      'railyard.saga.trigger': Reserved.type,
      'railyard.saga.from_state': 'RUNNING',
      'railyard.saga.to_state': 'RUNNING',
      'railyard.saga.step': 'charge',
    });
    expect(charged.attributes).toMatchObject({
      'railyard.saga.from_state': 'RUNNING',
      'railyard.saga.to_state': 'COMPLETED',
      'railyard.saga.outcome': 'COMPLETED',
      'railyard.saga.compensating': false,
    });
    expect(a.get(TracedPurchaseSaga).activeInHook).toBe(idOf(charged));
  });

  it(`[${kind}] a failed step: the compensation's transitions are marked compensating`, async () => {
    const a = await boot();
    await start(a, 'declined-1', 'declined');
    const [, , failed, released] = await transitions('declined-1', 4);

    expect(failed.name).toBe(`saga ${SAGA} ${ChargeFailed.type}`);
    expect(failed.attributes).toMatchObject({
      'railyard.saga.from_state': 'RUNNING',
      'railyard.saga.to_state': 'COMPENSATING',
      'railyard.saga.step': 'reserve',
      'railyard.saga.compensating': true,
      'railyard.saga.reason': 'card declined',
    });
    expect(parentOf(await span(`create ${Release.type}`))).toBe(idOf(failed));
    expect(released.name).toBe(`saga ${SAGA} ${Released.type}`);
    expect(released.attributes).toMatchObject({
      'railyard.saga.from_state': 'COMPENSATING',
      'railyard.saga.to_state': 'COMPENSATED',
      'railyard.saga.outcome': 'COMPENSATED',
      'railyard.saga.compensating': true,
    });
    expect(parentOf(released)).toBe(idOf(await span(`process ${Released.type}`)));
    expect(traceOf(released)).toBe(traceOf(await span('place order')));
    expect(await transitions('declined-1', 4)).toHaveLength(4);
  });

  it(`[${kind}] a transition that throws is an ERROR span; the bus's retry is a second span`, async () => {
    const a = await boot();
    a.get(TracedPurchaseSaga).refuseCompletions = 1;
    await start(a, 'refused-1', 'happy');
    const [, , refused, completed] = await transitions('refused-1', 4);

    for (const s of [refused, completed]) expect(s.name).toBe(`saga ${SAGA} ${Charged.type}`);
    expect(refused.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'the local write failed',
    });
    expect(refused.events.map((event) => event.name)).toEqual(['exception']);
    expect(refused.attributes['error.type']).toBe('Error');
    expect(completed.status.code).toBe(SpanStatusCode.UNSET);
    expect(completed.attributes['railyard.saga.outcome']).toBe('COMPLETED');
    // One delivery, two attempts: both under its one process span.
    const process = await span(`process ${Charged.type}`);
    expect([parentOf(refused), parentOf(completed)]).toEqual([idOf(process), idOf(process)]);
  });

  it(`[${kind}] a timeout starts a trace of its own, which the compensation it sends continues`, async () => {
    const a = await boot();
    await start(a, 'silent-1', 'silent');
    await span(`process ${Reserve.type}`, PARTICIPANT);
    clock.advance(1_001);
    expect(await runDueSagaDeadlines(a)).toBe(1);
    const [started, timeout, released] = await transitions('silent-1', 3);

    expect(timeout.name).toBe(`saga ${SAGA} timeout`);
    expect(timeout.parentSpanContext).toBeUndefined();
    expect(traceOf(timeout)).not.toBe(traceOf(started));
    expect(timeout.attributes).toMatchObject({
      'railyard.saga.trigger': 'timeout',
      'railyard.saga.from_state': 'RUNNING',
      'railyard.saga.to_state': 'COMPENSATING',
      'railyard.saga.step': 'reserve',
      'railyard.saga.compensating': true,
      'railyard.saga.reason': 'timeout',
    });
    expect(parentOf(await span(`create ${Release.type}`))).toBe(idOf(timeout));
    expect(traceOf(released)).toBe(traceOf(timeout));
    expect(released.attributes['railyard.saga.outcome']).toBe('COMPENSATED');
  });

  it(`[${kind}] tracing off: the saga runs with no span, its commands carry no trace context`, async () => {
    const a = await boot({ traced: false });
    await start(a, 'untraced-1', 'happy');
    await eventually('the saga completed', async () =>
      (await statusOf(a, 'untraced-1')) === 'COMPLETED' ? true : undefined,
    );
    expect(a.get(TracedPurchaseSaga).activeInHook).toBeUndefined();
    const rows: Array<{ envelope: string }> = await a
      .get(UnitOfWork)
      .dataSource.query('SELECT envelope FROM outbox_message');
    const staged = rows.map((row) => JSON.parse(row.envelope) as Envelope);
    expect(staged.map((envelope) => envelope.type)).toEqual([Reserve.type, Charge.type]);
    for (const envelope of staged) expect(envelope.headers.traceparent).toBeUndefined();
  });
});
