import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Test, TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  CreateOrder,
  PaymentCompleted,
  PaymentFailed,
  PaymentRefunded,
  replyHeaders,
  StockReleased,
  StockReservationFailed,
  StockReserved,
} from '@railyard/contracts';
import { isObservable, lastValueFrom } from 'rxjs';
import {
  connectBus,
  createEnvelope,
  Envelope,
  MessagingModule,
  messagingOptionsFromEnv,
  RailyardContext,
  RailyardServer,
} from '@railyard/messaging';
import { HealthModule } from '@railyard/health';
import {
  FindSagasQuery,
  SagaClock,
  SagaDeadlineScheduler,
  SagaHealthIndicator,
  SagaOrchestrator,
  SagaRetentionSweeper,
  SagaView,
  SystemSagaClock,
} from '@railyard/saga';
import {
  createTestDatabase,
  DATABASE_KINDS,
  TestDatabase,
} from '../../../../test/support/database';
import { CreateOrderCommand } from '../create-order/create-order.command';
import { GetOrderQuery } from '../get-order/get-order.query';
import { OrderModule } from '../order.module';
import { ManualSagaClock, runDueSagaDeadlines } from '@railyard/testing';
import { orderEnvSchema } from '../config/order.config';
import { validatedConfigModule } from '@railyard/platform';

jest.setTimeout(60_000);

/**
 * The fulfilment saga inside order-service with a real database, the other services played by
 * hand: each test answers the staged commands the way inventory and payment would.
 */
describe.each(DATABASE_KINDS)('order fulfilment saga on %s', (kind) => {
  let db: TestDatabase;
  let moduleRef: TestingModule | undefined;

  const boot = async (env: Record<string, string> = {}, clock?: SagaClock) => {
    const config = { ...db.env, SAGA_TICK_MS: '20', ...env };
    const created = await Test.createTestingModule({
      imports: [
        validatedConfigModule(orderEnvSchema, config),
        MessagingModule.forRootAsync({
          useFactory: () => {
            const options = messagingOptionsFromEnv('order', { TRANSPORT: 'tcp' });
            return { options: { ...options, tcp: { ...options.tcp, port: undefined, peers: [] } } };
          },
        }),
        OrderModule,
        // As order-service registers it; the transport check is left out (no bus here).
        HealthModule.forRoot({ checks: [SagaHealthIndicator], imports: [OrderModule] }),
      ],
    })
      .overrideProvider(SagaClock)
      .useValue(clock ?? new SystemSagaClock())
      .compile();
    await created.init();
    moduleRef = created;
    return created;
  };

  beforeEach(async () => {
    db = await createTestDatabase(kind, 'order');
  });
  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
    await db.drop();
  });

  const createOrder = async (m: TestingModule) => {
    const envelope = createEnvelope<CreateOrder>({
      type: CreateOrder.type,
      payload: { customerId: 'c-1', items: [{ sku: 'sku-1', quantity: 2, unitPrice: 500 }] },
    });
    const { orderId } = await m.get(CommandBus).execute(new CreateOrderCommand(envelope));
    return orderId as string;
  };

  /** The commands the saga staged for `orderId`, oldest first. */
  const commands = async (m: TestingModule, orderId: string): Promise<Envelope[]> => {
    const rows: Array<{ envelope: string }> = await m
      .get<DataSource>(getDataSourceToken())
      .query('SELECT envelope FROM outbox_message ORDER BY sequence');
    return rows
      .map((r) => JSON.parse(r.envelope) as Envelope<{ orderId?: string }>)
      .filter((e) => e.payload.orderId === orderId && !e.type.startsWith('order.'));
  };

  /** What a service does: answer a command, copying its reply-* headers. */
  const answer = (m: TestingModule, command: Envelope, type: string, payload: object) =>
    m.get(SagaOrchestrator).handleReply(
      createEnvelope({
        type,
        payload,
        aggregateId: command.aggregateId,
        causedBy: command,
        headers: replyHeaders(command.headers),
      }),
    );

  const order = (m: TestingModule, id: string) => m.get(QueryBus).execute(new GetOrderQuery(id));
  const saga = async (m: TestingModule, id: string): Promise<SagaView> =>
    ((await m.get(QueryBus).execute(new FindSagasQuery())) as SagaView[]).find((s) => s.id === id)!;

  it(`[${kind}] happy path: reserve → charge → CONFIRMED, CommitStock staged with the confirmation`, async () => {
    const m = await boot();
    const orderId = await createOrder(m);
    const [reserve] = await commands(m, orderId);
    expect(reserve.type).toBe('inventory.reserve-stock');

    await expect(answer(m, reserve, StockReserved.type, { orderId, items: [] })).resolves.toBe(
      'applied',
    );
    const [, charge] = await commands(m, orderId);
    expect(charge).toMatchObject({
      type: 'payment.charge',
      payload: { orderId, customerId: 'c-1', amount: 1000 },
    });

    await answer(m, charge, PaymentCompleted.type, {
      orderId,
      transactionId: 't-1',
      amount: 1000,
    });
    expect(await order(m, orderId)).toMatchObject({ status: 'CONFIRMED' });
    expect((await commands(m, orderId)).map((c) => c.type)).toEqual([
      'inventory.reserve-stock',
      'payment.charge',
      'inventory.commit-stock',
    ]);
    const view = await saga(m, orderId);
    expect(view.status).toBe('COMPLETED');
    expect(view.log.map((l) => l.event)).toEqual([
      'STARTED',
      'ACTION_SENT',
      'STEP_SUCCEEDED',
      'ACTION_SENT',
      'STEP_SUCCEEDED',
      'COMPLETED',
    ]);
  });

  /** The app's bus side, and a delivery through it as the transport makes it (acked on success). */
  const onTheBus = (m: TestingModule) => {
    const app = m.createNestApplication({ logger: false });
    connectBus(app);
    const server = app.get(RailyardServer);
    const deliver = async (envelope: Envelope): Promise<void> => {
      const handler = server.getHandlerByPattern(envelope.type);
      if (!handler) throw new Error(`nothing serves ${envelope.type}`);
      const handled = await handler(envelope.payload, new RailyardContext([envelope]));
      if (isObservable(handled)) await lastValueFrom(handled, { defaultValue: undefined });
    };
    return { server, deliver };
  };
  const replyTo = (command: Envelope, type: string, payload: object) =>
    createEnvelope({ type, payload, causedBy: command, headers: replyHeaders(command.headers) });

  it(`[${kind}] the bus serves the saga's reply types and acks a reply once its step committed`, async () => {
    const m = await boot();
    const { server, deliver } = onTheBus(m);
    const replyTypes = [
      StockReserved,
      StockReservationFailed,
      StockReleased,
      PaymentCompleted,
      PaymentFailed,
      PaymentRefunded,
    ].map((contract) => contract.type);
    for (const type of replyTypes) {
      expect({ type, event: server.getHandlerByPattern(type)?.isEventHandler }).toEqual({
        type,
        event: true,
      });
    }

    const orderId = await createOrder(m);
    const [reserve] = await commands(m, orderId);
    await deliver(replyTo(reserve, StockReserved.type, { orderId, items: [] }));
    // Settled means committed: the next step's command is already staged.
    expect((await commands(m, orderId)).map((c) => c.type)).toEqual([
      'inventory.reserve-stock',
      'payment.charge',
    ]);
  });

  it(`[${kind}] a reply whose transaction fails is not acked, its redelivery advances the saga, and a reply for no saga is acked without effect`, async () => {
    const m = await boot();
    const { deliver } = onTheBus(m);
    const orderId = await createOrder(m);
    const [reserve] = await commands(m, orderId);
    const reply = replyTo(reserve, StockReserved.type, { orderId, items: [] });

    jest
      .spyOn(m.get(SagaOrchestrator), 'handleReply')
      .mockRejectedValueOnce(new Error('could not serialize access'));
    // As the transport sees it: the handler's error, which it retries.
    await expect(deliver(reply)).rejects.toMatchObject({ message: 'could not serialize access' });
    expect(await commands(m, orderId)).toHaveLength(1);

    // The bus retries: the @Saga() stream lived on and takes it.
    await deliver(reply);
    expect((await commands(m, orderId)).map((c) => c.type)).toEqual([
      'inventory.reserve-stock',
      'payment.charge',
    ]);
    // A duplicate, a reply without a saga tag, and one for a saga this service never ran.
    await deliver(reply);
    await deliver(createEnvelope({ type: PaymentCompleted.type, payload: { orderId } }));
    const unknownSaga = { ...reserve.headers, 'reply-saga-id': 'no-such-saga' };
    await deliver(
      replyTo({ ...reserve, headers: unknownSaga }, StockReserved.type, { orderId, items: [] }),
    );
    expect(await commands(m, orderId)).toHaveLength(2);
    expect((await saga(m, orderId)).version).toBe(2);
  });

  it(`[${kind}] duplicated, late and out-of-order replies change nothing`, async () => {
    const m = await boot();
    const orderId = await createOrder(m);
    const [reserve] = await commands(m, orderId);
    const reply = createEnvelope({
      type: StockReserved.type,
      payload: { orderId, items: [] },
      headers: replyHeaders(reserve.headers),
    });
    const orchestrator = m.get(SagaOrchestrator);
    await expect(orchestrator.handleReply(reply)).resolves.toBe('applied');
    await expect(orchestrator.handleReply(reply)).resolves.toBe('duplicate');
    // The same answer again as a new message (a redelivered command answered twice): stale.
    await expect(answer(m, reserve, StockReserved.type, { orderId, items: [] })).resolves.toBe(
      'ignored',
    );
    // A compensation reply nobody asked for, and a reply without a saga tag.
    await expect(answer(m, reserve, StockReleased.type, { orderId, items: [] })).resolves.toBe(
      'ignored',
    );
    await expect(
      orchestrator.handleReply(
        createEnvelope({ type: PaymentCompleted.type, payload: { orderId } }),
      ),
    ).resolves.toBe('ignored');
    expect((await commands(m, orderId)).map((c) => c.type)).toEqual([
      'inventory.reserve-stock',
      'payment.charge',
    ]);
    expect((await saga(m, orderId)).version).toBe(2);
  });

  it(`[${kind}] reservation fails → CANCELLED with inventory's reason, nothing to undo`, async () => {
    const m = await boot();
    const orderId = await createOrder(m);
    const [reserve] = await commands(m, orderId);
    await answer(m, reserve, StockReservationFailed.type, {
      orderId,
      reason: 'insufficient stock',
      skus: ['sku-1'],
    });
    expect(await order(m, orderId)).toMatchObject({
      status: 'CANCELLED',
      reason: 'insufficient stock',
    });
    expect(await commands(m, orderId)).toHaveLength(1);
    expect((await saga(m, orderId)).status).toBe('COMPENSATED');
  });

  it(`[${kind}] payment fails → stock released, then CANCELLED with payment's reason`, async () => {
    const m = await boot();
    const orderId = await createOrder(m);
    const [reserve] = await commands(m, orderId);
    await answer(m, reserve, StockReserved.type, { orderId, items: [] });
    const [, charge] = await commands(m, orderId);
    await answer(m, charge, PaymentFailed.type, { orderId, reason: 'insufficient funds' });
    const [, , release] = await commands(m, orderId);
    expect(release).toMatchObject({
      type: 'inventory.release-stock',
      headers: { 'reply-saga-step': '0.c.1' },
    });
    expect(await order(m, orderId)).toMatchObject({ status: 'PENDING' });
    await answer(m, release, StockReleased.type, { orderId, items: [] });
    expect(await order(m, orderId)).toMatchObject({
      status: 'CANCELLED',
      reason: 'insufficient funds',
    });
  });

  it(`[${kind}] a deadline passes → what was done (and the step in doubt) is undone, CANCELLED 'timeout'`, async () => {
    const m = await boot({ SAGA_STEP_DEADLINE_MS: '300' });
    const orderId = await createOrder(m);
    const [reserve] = await commands(m, orderId);
    await answer(m, reserve, StockReserved.type, { orderId, items: [] });
    // No answer to the charge: after the deadline the charge is refunded (voided), then stock released.
    await waitFor(async () => (await commands(m, orderId)).length >= 3, 'the refund');
    const refund = (await commands(m, orderId))[2];
    expect(refund).toMatchObject({
      type: 'payment.refund',
      headers: { 'reply-saga-step': '1.c.1' },
    });
    await answer(m, refund, PaymentRefunded.type, { orderId, amount: 0 });
    const release = (await commands(m, orderId))[3];
    expect(release.type).toBe('inventory.release-stock');
    await answer(m, release, StockReleased.type, { orderId, items: [] });
    expect(await order(m, orderId)).toMatchObject({ status: 'CANCELLED', reason: 'timeout' });
  });

  it(`[${kind}] with a test clock, the default 30 s deadline is reached by advancing it, not by waiting`, async () => {
    const clock = new ManualSagaClock();
    const m = await boot({}, clock);
    const orderId = await createOrder(m);
    const [reserve] = await commands(m, orderId);
    await answer(m, reserve, StockReserved.type, { orderId, items: [] });
    expect(await runDueSagaDeadlines(m)).toBe(0);
    clock.advance(29_000);
    expect(await runDueSagaDeadlines(m)).toBe(0);
    expect(await commands(m, orderId)).toHaveLength(2);
    clock.advance(2_000);
    expect(await runDueSagaDeadlines(m)).toBe(1);
    expect((await commands(m, orderId)).map((c) => c.type)).toEqual([
      'inventory.reserve-stock',
      'payment.charge',
      'payment.refund',
    ]);
  });

  /** The schedule shortened: 3 sends within ~150 ms, then resends at most every 200 ms. */
  const SHORT_SCHEDULE = {
    SAGA_STEP_DEADLINE_MS: '200',
    SAGA_COMPENSATION_ATTEMPTS: '3',
    SAGA_COMPENSATION_BASE_MS: '50',
    SAGA_COMPENSATION_MAX_MS: '100',
    SAGA_COMPENSATION_STUCK_MAX_MS: '200',
  };
  const dataSource = (m: TestingModule) => m.get<DataSource>(getDataSourceToken());
  const sagaHealth = (m: TestingModule) => m.get(SagaHealthIndicator, { strict: false }).check();
  const sent = async (m: TestingModule, orderId: string, type: string) =>
    (await commands(m, orderId)).filter((c) => c.type === type);

  it(`[${kind}] payment down past the whole compensation schedule, then back → refunded, stock released, CANCELLED`, async () => {
    const m = await boot(SHORT_SCHEDULE);
    const orderId = await createOrder(m);
    const [reserve] = await commands(m, orderId);
    await answer(m, reserve, StockReserved.type, { orderId, items: [] });
    // Payment is down: the charge times out and its refund goes unanswered well past 3 sends.
    await waitFor(
      async () => (await sent(m, orderId, 'payment.refund')).length >= 6,
      'the refund to be resent past the schedule',
      20_000,
    );
    const stuck = await saga(m, orderId);
    expect(stuck).toMatchObject({ status: 'COMPENSATING', step: 1 });
    expect(stuck.log.filter((l) => l.event === 'STUCK')).toHaveLength(1);
    expect(await order(m, orderId)).toMatchObject({ status: 'PENDING' });
    expect(await sagaHealth(m)).toEqual({
      sagas: {
        status: 'up',
        stuck: 1,
        oldestStuckId: orderId,
        oldestStuckAgeMs: expect.any(Number),
      },
    });

    // Payment is back and answers a refund sent while the saga counted as stuck (a late reply).
    const refunds = await sent(m, orderId, 'payment.refund');
    expect(refunds.map((c) => c.headers['reply-saga-step']).slice(0, 6)).toEqual([
      '1.c.1',
      '1.c.2',
      '1.c.3',
      '1.c.4',
      '1.c.5',
      '1.c.6',
    ]);
    await expect(answer(m, refunds[4], PaymentRefunded.type, { orderId, amount: 0 })).resolves.toBe(
      'applied',
    );
    const [release] = await sent(m, orderId, 'inventory.release-stock');
    expect(release.headers['reply-saga-step']).toBe('0.c.1');
    await answer(m, release, StockReleased.type, { orderId, items: [] });
    expect(await order(m, orderId)).toMatchObject({ status: 'CANCELLED', reason: 'timeout' });
    expect((await saga(m, orderId)).status).toBe('COMPENSATED');
    expect(await sagaHealth(m)).toMatchObject({ sagas: { status: 'up', stuck: 0 } });
  });

  it(`[${kind}] a saga an older version left FAILED is resumed, and a late reply to its old send completes it`, async () => {
    const m = await boot({ ...SHORT_SCHEDULE, SAGA_STEP_DEADLINE_MS: '60000' });
    const orderId = await createOrder(m);
    const [reserve] = await commands(m, orderId);
    await answer(m, reserve, StockReserved.type, { orderId, items: [] });
    const [, charge] = await commands(m, orderId);
    // What the old code left after 3 unanswered refunds: FAILED, no deadline, order PENDING.
    await dataSource(m).query(
      `UPDATE saga_instance SET status = 'FAILED', step = 1, attempt = 3, deadline = NULL,
       reason = 'timeout', version = version + 1 WHERE id = '${orderId}'`,
    );
    await waitFor(
      async () => (await sent(m, orderId, 'payment.refund')).length >= 2,
      'the resumed saga to resend its refund',
    );
    const resumed = await saga(m, orderId);
    expect(resumed.log.map((l) => l.event)).toContain('RESUMED');
    const refunds = await sent(m, orderId, 'payment.refund');
    expect(refunds.slice(0, 2).map((c) => c.headers['reply-saga-step'])).toEqual([
      '1.c.4',
      '1.c.5',
    ]);
    // Payment answers the third refund the old version sent (its reply was the one dropped before).
    const oldRefund = { ...charge, headers: { ...charge.headers, 'reply-saga-step': '1.c.3' } };
    await expect(answer(m, oldRefund, PaymentRefunded.type, { orderId, amount: 0 })).resolves.toBe(
      'applied',
    );
    const [release] = await sent(m, orderId, 'inventory.release-stock');
    await answer(m, release, StockReleased.type, { orderId, items: [] });
    expect(await order(m, orderId)).toMatchObject({ status: 'CANCELLED', reason: 'timeout' });
  });

  it(`[${kind}] retention deletes terminal sagas and their logs past SAGA_RETENTION_DAYS, in batches, and keeps the others`, async () => {
    const m = await boot({ SAGA_RETENTION_BATCH: '1', SAGA_STEP_DEADLINE_MS: '60000' });
    const reservationFails = async () => {
      const orderId = await createOrder(m);
      const [reserve] = await commands(m, orderId);
      await answer(m, reserve, StockReservationFailed.type, {
        orderId,
        reason: 'insufficient stock',
        skus: ['sku-1'],
      });
      return orderId;
    };
    const [oldA, oldB, recent] = [
      await reservationFails(),
      await reservationFails(),
      await reservationFails(),
    ];
    const running = await createOrder(m);
    const backdate = (id: string, days: number) =>
      dataSource(m).query(
        `UPDATE saga_instance SET updated_at = '${new Date(Date.now() - days * 86_400_000).toISOString()}' WHERE id = '${id}'`,
      );
    await backdate(oldA, 8);
    await backdate(oldB, 30);
    await backdate(recent, 6);
    await backdate(running, 30);

    await expect(m.get(SagaRetentionSweeper).sweep()).resolves.toBe(2);
    const left = ((await m.get(QueryBus).execute(new FindSagasQuery())) as SagaView[]).map(
      (s) => s.id,
    );
    expect(left.sort()).toEqual([recent, running].sort());
    const logs: Array<{ saga_id: string }> = await dataSource(m).query(
      'SELECT DISTINCT saga_id FROM saga_step_log',
    );
    expect(logs.map((l) => l.saga_id).sort()).toEqual([recent, running].sort());
    await expect(m.get(SagaRetentionSweeper).sweep()).resolves.toBe(0);
  });

  it(`[${kind}] after a restart a RUNNING saga resumes where it was`, async () => {
    const first = await boot({ SAGA_STEP_DEADLINE_MS: '60000' });
    const orderId = await createOrder(first);
    const [reserve] = await commands(first, orderId);
    await first.close();
    moduleRef = undefined;

    const m = await boot({ SAGA_STEP_DEADLINE_MS: '60000' });
    expect((await saga(m, orderId)).status).toBe('RUNNING');
    await answer(m, reserve, StockReserved.type, { orderId, items: [] });
    const [, charge] = await commands(m, orderId);
    await answer(m, charge, PaymentCompleted.type, {
      orderId,
      transactionId: 't',
      amount: 1000,
    });
    expect(await order(m, orderId)).toMatchObject({ status: 'CONFIRMED' });
    expect(await m.get(SagaDeadlineScheduler).tick()).toBe(0);
  });
});

async function waitFor(condition: () => Promise<boolean>, what: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
