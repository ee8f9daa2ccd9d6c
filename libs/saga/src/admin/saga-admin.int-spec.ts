import { INestApplication, Injectable, Logger } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import {
  defineEvent,
  replyHeaders,
  sagaAdminContracts,
  SagaDetailView,
  SagaPageView,
} from '@railyard/contracts';
import {
  createEnvelope,
  createTransport,
  Envelope,
  messagingOptionsFromEnv,
  RemoteError,
  Transport,
} from '@railyard/messaging';
import { PersistenceModule, persistenceEnvSchema, UnitOfWork } from '@railyard/persistence';
import { validatedConfigModule } from '@railyard/platform';
import {
  ManualSagaClock,
  memoryBroker,
  MemoryBusModule,
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

const SERVICE = 'saga-admin';
const SAGA = 'console-purchase';
const admin = sagaAdminContracts(SERVICE);

const none = z.object({});
const contract = (type: string) =>
  defineEvent({ type, service: 'console', summary: type, payload: none });
const Reserve = contract('console.reserve');
const Release = contract('console.release');
const Charge = contract('console.charge');
const Reserved = contract('console.reserved');
const Released = contract('console.released');
const Charged = contract('console.charged');

/** Reserve (undone by release), then charge (nothing to undo). */
@Injectable()
class ConsolePurchaseSaga implements SagaDefinition<object> {
  readonly type = SAGA;
  readonly steps: readonly SagaStep<object>[] = [
    {
      name: 'reserve',
      action: sendCommand(Reserve, () => ({})),
      replies: [on(Reserved, () => ({ ok: true }))],
      compensation: { ...sendCommand(Release, () => ({})), replies: [Released] },
    },
    {
      name: 'charge',
      action: sendCommand(Charge, () => ({})),
      replies: [on(Charged, () => ({ ok: true }))],
    },
  ];

  async onCompleted(): Promise<void> {}
  async onCompensated(): Promise<void> {}
}

/** The other service: silent until told to answer, as one that lost a command would be. */
class Participant {
  answering = false;
  private constructor(readonly bus: Transport) {}

  static async start(broker: string): Promise<Participant> {
    const bus = createTransport(
      messagingOptionsFromEnv(`${SERVICE}-participant`, {
        TRANSPORT: 'memory',
        MESSAGING_MEMORY_BROKER: broker,
      }),
    );
    const participant = new Participant(bus);
    const answer = (type: string) => async (command: Envelope) => {
      if (!participant.answering) return;
      await bus.publish(
        createEnvelope({
          type,
          payload: {},
          causedBy: command,
          headers: replyHeaders(command.headers),
        }),
      );
    };
    await bus.listen({
      events: new Map([
        [Reserve.type, answer(Reserved.type)],
        [Charge.type, answer(Charged.type)],
        [Release.type, answer(Released.type)],
      ]),
      requests: new Map(),
    });
    return participant;
  }
}

/**
 * The saga admin requests as the gateway sends them: over the bus (memory) to a service running
 * sagas on a real database, which serves them from SagaModule alone; the retried and aborted
 * sagas' commands reach the other service, and its replies end them.
 */
describe.each(DATABASE_KINDS)('saga admin requests on %s', (kind) => {
  let db: TestDatabase;
  let app: INestApplication | undefined;
  let participant: Participant | undefined;
  let console_: Transport | undefined;
  let clock: ManualSagaClock;
  let broker: string;

  beforeEach(async () => {
    db = await createTestDatabase(kind, SERVICE);
    clock = new ManualSagaClock();
    broker = `saga-admin-${kind}-${Date.now()}`;
    participant = await Participant.start(broker);
    const schema = persistenceEnvSchema(SERVICE).merge(sagaEnvSchema);
    // No background deadline scan: no saga may time out while the spec looks at it.
    const env = { ...db.env, SAGA_TICK_MS: '60000', OUTBOX_POLL_INTERVAL_MS: '20' };
    app = await startTestService(
      {
        imports: [
          validatedConfigModule(schema, env),
          MemoryBusModule.forService(SERVICE, { broker }),
          PersistenceModule.forRoot({ service: SERVICE, ...sagaModel }),
          CqrsModule.forRoot(),
          SagaModule.forRoot({ sagas: [ConsolePurchaseSaga] }),
        ],
      },
      (builder) => builder.overrideProvider(SagaClock).useValue(clock),
    );
    console_ = createTransport(
      messagingOptionsFromEnv(`${SERVICE}-console`, {
        TRANSPORT: 'memory',
        MESSAGING_MEMORY_BROKER: broker,
      }),
    );
  });
  afterEach(async () => {
    await app?.close();
    await participant?.bus.close();
    await console_?.close();
    memoryBroker(broker).discard();
    [app, participant, console_] = [undefined, undefined, undefined];
    await db.drop();
  });

  const ask = (type: string, payload: object) =>
    console_!.request(SERVICE, createEnvelope({ type, payload }), 10_000);
  const list = (payload: object) => ask(admin.list.type, payload) as Promise<SagaPageView>;
  const show = async (id: string) =>
    ((await ask(admin.show.type, { id })) as { saga: SagaDetailView | null }).saga;
  const refusal = (request: Promise<unknown>) =>
    request.then(
      () => undefined,
      (error: unknown) => (error as RemoteError).remoteCode,
    );

  const start = (id: string) =>
    app!.get(UnitOfWork).run((tx) => app!.get(SagaOrchestrator).start(tx, SAGA, id, {}));

  const statusOf = async (id: string) => (await show(id))?.status;
  const eventually = async (what: string, holds: () => Promise<boolean>) => {
    const deadline = Date.now() + 20_000;
    while (!(await holds())) {
      if (Date.now() > deadline) throw new Error(`${what}: not within 20 s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it(`[${kind}] lists by state and age, newest first, a page at a time; shows one`, async () => {
    for (const id of ['s-a', 's-b', 's-c']) {
      await start(id);
      clock.advance(10_000);
    }
    const first = await list({ limit: 2 });
    expect(first.entries.map((saga) => saga.id)).toEqual(['s-c', 's-b']);
    expect(first.entries[0]).toMatchObject({
      type: SAGA,
      status: 'RUNNING',
      step: 0,
      stepName: 'reserve',
      attempt: 1,
      reason: null,
    });
    const second = await list({ limit: 2, after: first.next });
    expect(second).toEqual({ entries: [expect.objectContaining({ id: 's-a' })] });

    // Updated 30, 20 and 10 s ago by the saga clock.
    const stale = await list({ olderThanSeconds: 15 });
    expect(stale.entries.map((saga) => saga.id)).toEqual(['s-b', 's-a']);
    expect(await list({ statuses: ['COMPENSATING', 'COMPLETED'] })).toEqual({ entries: [] });
    expect((await list({ statuses: ['RUNNING'] })).entries).toHaveLength(3);

    expect(await show('s-a')).toMatchObject({
      id: 's-a',
      context: {},
      steps: [
        { name: 'reserve', action: Reserve.type, compensation: Release.type },
        { name: 'charge', action: Charge.type, compensation: null },
      ],
      timeline: [
        { step: 0, stepName: 'reserve', event: 'STARTED', detail: null },
        { step: 0, stepName: 'reserve', event: 'ACTION_SENT', detail: null },
      ],
    });
    expect(await show('s-unknown')).toBeNull();
    expect(await refusal(list({ after: 'bm90IGEgY3Vyc29y' }))).toBe('INVALID_SAGA_CURSOR');
    expect(await refusal(list({ limit: 501 }))).toBe('INVALID_MESSAGE');
  });

  it(`[${kind}] retry resends the awaited action under the next attempt; its reply moves the saga on`, async () => {
    await start('s-retry');
    participant!.answering = true;
    const retried = (await ask(admin.retry.type, {
      id: 's-retry',
      by: 'ops',
      reason: 'the reserve was lost',
    })) as SagaDetailView;
    expect(retried).toMatchObject({ status: 'RUNNING', step: 0, attempt: 2 });
    expect(retried.timeline.slice(-2)).toMatchObject([
      { event: 'RETRIED', detail: 'by ops: the reserve was lost' },
      { event: 'ACTION_SENT', detail: 'attempt 2' },
    ]);
    await eventually('s-retry completed', async () => (await statusOf('s-retry')) === 'COMPLETED');

    expect(await refusal(ask(admin.retry.type, { id: 's-retry', by: 'ops' }))).toBe(
      'SAGA_STATE_CONFLICT',
    );
    expect(await refusal(ask(admin.retry.type, { id: 's-none', by: 'ops' }))).toBe(
      'SAGA_NOT_FOUND',
    );
  });

  it(`[${kind}] abort compensates a RUNNING saga from its current step; a compensating one is refused`, async () => {
    await start('s-abort');
    const aborted = (await ask(admin.abort.type, {
      id: 's-abort',
      by: 'ops',
      reason: 'customer called',
    })) as SagaDetailView;
    expect(aborted).toMatchObject({
      status: 'COMPENSATING',
      step: 0,
      attempt: 1,
      reason: 'aborted by operator: customer called',
    });
    expect(aborted.timeline.slice(-2)).toMatchObject([
      { event: 'ABORTED', detail: 'by ops: customer called' },
      { event: 'COMPENSATION_SENT', detail: 'attempt 1' },
    ]);
    expect(await refusal(ask(admin.abort.type, { id: 's-abort', by: 'ops' }))).toBe(
      'SAGA_STATE_CONFLICT',
    );

    // The release was lost too: a retry sends it again, and this time it is answered.
    participant!.answering = true;
    const retried = (await ask(admin.retry.type, { id: 's-abort', by: 'ops' })) as SagaDetailView;
    expect(retried).toMatchObject({ status: 'COMPENSATING', attempt: 2 });
    await eventually(
      's-abort compensated',
      async () => (await statusOf('s-abort')) === 'COMPENSATED',
    );
    expect(await show('s-abort')).toMatchObject({ reason: 'aborted by operator: customer called' });
  });
});
