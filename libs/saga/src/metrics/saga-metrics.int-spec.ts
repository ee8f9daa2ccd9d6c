import { Injectable, Logger } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { Test, TestingModule } from '@nestjs/testing';
import { defineEvent, replyHeaders } from '@railyard/contracts';
import {
  createEnvelope,
  Envelope,
  MESSAGING_TRANSPORT,
  MessagingModule,
  messagingOptionsFromEnv,
} from '@railyard/messaging';
import { PersistenceModule, persistenceEnvSchema, UnitOfWork } from '@railyard/persistence';
import {
  commonEnvSchema,
  MetricsModule,
  MetricsRegistry,
  validatedConfigModule,
} from '@railyard/platform';
import { ManualSagaClock, runDueSagaDeadlines } from '@railyard/testing';
import { z } from 'zod/v4';
import {
  createTestDatabase,
  DATABASE_KINDS,
  TestDatabase,
} from '../../../../test/support/database';
import { parsePrometheusText, Sample, sumOf } from '../../../../test/support/prometheus-text';
import { RecordingTransport } from '../../../../test/support/recording-transport';
import { sagaEnvSchema } from '../config/saga.config';
import { on, SagaDefinition, SagaStep, sendCommand } from '../definition/saga-definition';
import { SagaClock } from '../orchestrator/saga-clock';
import { SagaOrchestrator } from '../orchestrator/saga-orchestrator';
import { sagaModel } from '../persistence/saga.model';
import { SagaModule } from '../saga.module';

jest.setTimeout(60_000);
beforeAll(() => Logger.overrideLogger(false));

const SERVICE = 'saga-metrics';
const SAGA = 'metered-purchase';

const empty = z.object({});
const Reserve = defineEvent({
  type: 'metered.reserve',
  service: 'metered',
  summary: 'reserve',
  payload: empty,
});
const Release = defineEvent({
  type: 'metered.release',
  service: 'metered',
  summary: 'release',
  payload: empty,
});
const Charge = defineEvent({
  type: 'metered.charge',
  service: 'metered',
  summary: 'charge',
  payload: empty,
});
const Reserved = defineEvent({
  type: 'metered.reserved',
  service: 'metered',
  summary: 'reserved',
  payload: empty,
});
const Released = defineEvent({
  type: 'metered.released',
  service: 'metered',
  summary: 'released',
  payload: empty,
});
const Charged = defineEvent({
  type: 'metered.charged',
  service: 'metered',
  summary: 'charged',
  payload: empty,
});
const ChargeFailed = defineEvent({
  type: 'metered.charge-failed',
  service: 'metered',
  summary: 'charge failed',
  payload: z.object({ reason: z.string() }),
});

/** Two steps, the first undone when the second fails; its completion hook can be made to fail. */
@Injectable()
class MeteredPurchaseSaga implements SagaDefinition<{ n: number }> {
  readonly type = SAGA;
  /** Completions to refuse, rolling their transaction back (as a failing local write would). */
  refuseCompletions = 0;
  readonly steps: readonly SagaStep<{ n: number }>[] = [
    {
      name: 'reserve',
      action: sendCommand(Reserve, () => ({})),
      replies: [on(Reserved, () => ({ ok: true }))],
      compensation: { ...sendCommand(Release, () => ({})), replies: [Released] },
    },
    {
      name: 'charge',
      action: sendCommand(Charge, () => ({})),
      replies: [
        on(Charged, () => ({ ok: true })),
        on(ChargeFailed, ({ reason }) => ({ ok: false, reason })),
      ],
    },
  ];

  async onCompleted(): Promise<void> {
    if (this.refuseCompletions-- > 0) throw new Error('the local write failed');
  }

  async onCompensated(): Promise<void> {}
}

const TRANSITIONS = 'railyard_saga_transitions_total';
const DURATION_COUNT = 'railyard_saga_duration_seconds_count';
const DURATION_SUM = 'railyard_saga_duration_seconds_sum';
const STUCK = 'railyard_saga_stuck_total';

/**
 * The saga metrics of an in-process saga on a real database, read as Prometheus scrapes them:
 * every count is of transitions that committed, once, whatever was retried or redelivered.
 */
describe.each(DATABASE_KINDS)('saga metrics on %s', (kind) => {
  let db: TestDatabase;
  let moduleRef: TestingModule | undefined;
  let clock: ManualSagaClock;

  const boot = async ({ metrics = true, env = {} as Record<string, string> } = {}) => {
    clock = new ManualSagaClock();
    // commonEnvSchema: MetricsModule reads METRICS_ENABLED from it, as in an app.
    const schema = persistenceEnvSchema(SERVICE).merge(sagaEnvSchema).merge(commonEnvSchema);
    moduleRef = await Test.createTestingModule({
      imports: [
        // No background deadline scan within a test: the test runs each pass itself.
        validatedConfigModule(schema, { ...db.env, SAGA_TICK_MS: '60000', ...env }),
        ...(metrics ? [MetricsModule.forRoot({ processMetrics: false })] : []),
        MessagingModule.forRoot({ options: messagingOptionsFromEnv(SERVICE, {}) }),
        PersistenceModule.forRoot({ service: SERVICE, ...sagaModel }),
        CqrsModule.forRoot(),
        SagaModule.forRoot({ sagas: [MeteredPurchaseSaga] }),
      ],
    })
      .overrideProvider(MESSAGING_TRANSPORT)
      .useValue(new RecordingTransport())
      .overrideProvider(SagaClock)
      .useValue(clock)
      .compile();
    await moduleRef.init();
    return moduleRef;
  };

  beforeEach(async () => {
    db = await createTestDatabase(kind, SERVICE);
  });
  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
    await db.drop();
  });

  const start = (m: TestingModule, id: string) =>
    m.get(UnitOfWork).run((tx) => m.get(SagaOrchestrator).start(tx, SAGA, id, { n: 1 }));

  /** The last command the saga staged (the outbox keeps rows after sending them). */
  const lastCommand = async (m: TestingModule, id: string): Promise<Envelope> => {
    const rows: Array<{ envelope: string }> = await m
      .get(UnitOfWork)
      .dataSource.query('SELECT envelope FROM outbox_message ORDER BY sequence');
    const mine = rows
      .map((row) => JSON.parse(row.envelope) as Envelope)
      .filter((envelope) => envelope.headers['reply-saga-id'] === id);
    return mine[mine.length - 1];
  };

  /** What the other service answers to the saga's last command. */
  const replyTo = async (m: TestingModule, id: string, type: string, payload: object = {}) => {
    const command = await lastCommand(m, id);
    return createEnvelope({
      type,
      payload,
      causedBy: command,
      headers: replyHeaders(command.headers),
    });
  };

  const scrape = async (m: TestingModule): Promise<Sample[]> =>
    parsePrometheusText(await m.get(MetricsRegistry).metrics());

  it(`[${kind}] counts a saga's start and end once, and times it from its start by the saga clock`, async () => {
    const m = await boot();
    const orchestrator = m.get(SagaOrchestrator);
    const before = await scrape(m);
    // Every status starts at 0, before any saga ran.
    for (const to of ['RUNNING', 'COMPENSATING', 'COMPLETED', 'COMPENSATED']) {
      expect({ to, value: sumOf(before, TRANSITIONS, { saga: SAGA, to }) }).toEqual({
        to,
        value: 0,
      });
    }

    // A start whose transaction rolls back never happened.
    await expect(
      m.get(UnitOfWork).run(async (tx) => {
        await orchestrator.start(tx, SAGA, 'rolled-back', { n: 1 });
        throw new Error('the order was refused');
      }),
    ).rejects.toThrow('the order was refused');

    await start(m, 's-1');
    clock.advance(1_500);
    await expect(orchestrator.handleReply(await replyTo(m, 's-1', Reserved.type))).resolves.toBe(
      'applied',
    );
    clock.advance(2_500);
    const charged = await replyTo(m, 's-1', Charged.type);
    await expect(orchestrator.handleReply(charged)).resolves.toBe('applied');
    // The same reply redelivered: the inbox knows it.
    await expect(orchestrator.handleReply(charged)).resolves.toBe('duplicate');

    const samples = await scrape(m);
    expect(sumOf(samples, TRANSITIONS, { saga: SAGA, to: 'RUNNING' })).toBe(1);
    expect(sumOf(samples, TRANSITIONS, { saga: SAGA, to: 'COMPLETED' })).toBe(1);
    expect(sumOf(samples, TRANSITIONS, { saga: SAGA, to: 'COMPENSATING' })).toBe(0);
    expect(sumOf(samples, DURATION_COUNT, { saga: SAGA, outcome: 'COMPLETED' })).toBe(1);
    expect(sumOf(samples, DURATION_SUM, { saga: SAGA, outcome: 'COMPLETED' })).toBe(4);
    expect(sumOf(samples, DURATION_COUNT, { saga: SAGA, outcome: 'COMPENSATED' })).toBe(0);
    // Bounded labels: no saga id anywhere.
    expect(samples.some((sample) => JSON.stringify(sample.labels).includes('s-1'))).toBe(false);
  });

  it(`[${kind}] a reply whose transaction rolled back and is redelivered counts once`, async () => {
    const m = await boot();
    const orchestrator = m.get(SagaOrchestrator);
    await start(m, 's-2');
    await orchestrator.handleReply(await replyTo(m, 's-2', Reserved.type));
    const charged = await replyTo(m, 's-2', Charged.type);

    m.get(MeteredPurchaseSaga).refuseCompletions = 1;
    await expect(orchestrator.handleReply(charged)).rejects.toThrow('the local write failed');
    expect(sumOf(await scrape(m), TRANSITIONS, { saga: SAGA, to: 'COMPLETED' })).toBe(0);

    // The bus redelivers it: the inbox record went with the rollback, so it applies now.
    await expect(orchestrator.handleReply(charged)).resolves.toBe('applied');
    await expect(orchestrator.handleReply(charged)).resolves.toBe('duplicate');
    const samples = await scrape(m);
    expect(sumOf(samples, TRANSITIONS, { saga: SAGA, to: 'COMPLETED' })).toBe(1);
    expect(sumOf(samples, DURATION_COUNT, { saga: SAGA, outcome: 'COMPLETED' })).toBe(1);
  });

  it(`[${kind}] counts compensating once however often the compensation is resent, stuck once, then compensated`, async () => {
    const m = await boot({
      env: {
        SAGA_COMPENSATION_ATTEMPTS: '2',
        SAGA_COMPENSATION_BASE_MS: '100',
        SAGA_COMPENSATION_MAX_MS: '100',
        SAGA_COMPENSATION_STUCK_MAX_MS: '100',
      },
    });
    const orchestrator = m.get(SagaOrchestrator);
    await start(m, 's-3');
    await orchestrator.handleReply(await replyTo(m, 's-3', Reserved.type));
    await orchestrator.handleReply(
      await replyTo(m, 's-3', ChargeFailed.type, { reason: 'insufficient funds' }),
    );
    // Release unanswered: resent at attempts 2, 3 (stuck from here) and 4.
    for (let resend = 0; resend < 3; resend++) {
      clock.advance(1_000);
      expect(await runDueSagaDeadlines(m)).toBe(1);
    }
    let samples = await scrape(m);
    expect(sumOf(samples, TRANSITIONS, { saga: SAGA, to: 'COMPENSATING' })).toBe(1);
    expect(sumOf(samples, STUCK, { saga: SAGA })).toBe(1);

    await orchestrator.handleReply(await replyTo(m, 's-3', Released.type));
    samples = await scrape(m);
    expect(sumOf(samples, TRANSITIONS, { saga: SAGA, to: 'RUNNING' })).toBe(1);
    expect(sumOf(samples, TRANSITIONS, { saga: SAGA, to: 'COMPENSATED' })).toBe(1);
    expect(sumOf(samples, TRANSITIONS, { saga: SAGA, to: 'COMPLETED' })).toBe(0);
    expect(sumOf(samples, DURATION_COUNT, { saga: SAGA, outcome: 'COMPENSATED' })).toBe(1);
    expect(sumOf(samples, DURATION_SUM, { saga: SAGA, outcome: 'COMPENSATED' })).toBe(3);
  });

  it(`[${kind}] an app without MetricsModule runs its sagas, uncounted`, async () => {
    const m = await boot({ metrics: false });
    const orchestrator = m.get(SagaOrchestrator);
    await start(m, 's-4');
    await orchestrator.handleReply(await replyTo(m, 's-4', Reserved.type));
    await expect(orchestrator.handleReply(await replyTo(m, 's-4', Charged.type))).resolves.toBe(
      'applied',
    );
    const [saga]: Array<{ status: string }> = await m
      .get(UnitOfWork)
      .dataSource.query("SELECT status FROM saga_instance WHERE id = 's-4'");
    expect(saga.status).toBe('COMPLETED');
    expect(() => m.get(MetricsRegistry, { strict: false })).toThrow();
  });
});
