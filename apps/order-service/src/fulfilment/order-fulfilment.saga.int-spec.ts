import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Test, TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  CreateOrder,
  InventoryEvents,
  OrderQueries,
  PaymentEvents,
  replyHeaders,
} from '@railyard/contracts';
import {
  createEnvelope,
  Envelope,
  MessagingModule,
  messagingOptionsFromEnv,
} from '@railyard/messaging';
import { FindSagasQuery, SagaDeadlineScheduler, SagaOrchestrator, SagaView } from '@railyard/saga';
import {
  createTestDatabase,
  DATABASE_KINDS,
  TestDatabase,
  withEnv,
} from '../../../../test/support/database';
import { CreateOrderCommand } from '../create-order/create-order.command';
import { GetOrderQuery } from '../get-order/get-order.query';
import { OrderModule } from '../order.module';

jest.setTimeout(60_000);

/**
 * The fulfilment saga inside order-service with a real database, the other services played by
 * hand: each test answers the staged commands the way inventory and payment would.
 */
describe.each(DATABASE_KINDS)('order fulfilment saga on %s', (kind) => {
  let db: TestDatabase;
  let moduleRef: TestingModule | undefined;

  const boot = async (env: Record<string, string> = {}) => {
    const restore = withEnv({ ...db.env, SAGA_TICK_MS: '20', ...env });
    try {
      const created = await Test.createTestingModule({
        imports: [
          MessagingModule.forRootAsync({
            useFactory: () => {
              const options = messagingOptionsFromEnv('order', { TRANSPORT: 'tcp' });
              return { ...options, tcp: { ...options.tcp, port: undefined, peers: [] } };
            },
          }),
          OrderModule,
        ],
      }).compile();
      await created.init();
      moduleRef = created;
      return created;
    } finally {
      restore();
    }
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
      type: OrderQueries.createOrder,
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

    await expect(
      answer(m, reserve, InventoryEvents.stockReserved, { orderId, items: [] }),
    ).resolves.toBe('applied');
    const [, charge] = await commands(m, orderId);
    expect(charge).toMatchObject({
      type: 'payment.charge',
      payload: { orderId, customerId: 'c-1', amount: 1000 },
    });

    await answer(m, charge, PaymentEvents.paymentCompleted, {
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

  it(`[${kind}] duplicated, late and out-of-order replies change nothing`, async () => {
    const m = await boot();
    const orderId = await createOrder(m);
    const [reserve] = await commands(m, orderId);
    const reply = createEnvelope({
      type: InventoryEvents.stockReserved,
      payload: { orderId, items: [] },
      headers: replyHeaders(reserve.headers),
    });
    const orchestrator = m.get(SagaOrchestrator);
    await expect(orchestrator.handleReply(reply)).resolves.toBe('applied');
    await expect(orchestrator.handleReply(reply)).resolves.toBe('duplicate');
    // The same answer again as a new message (a redelivered command answered twice): stale.
    await expect(
      answer(m, reserve, InventoryEvents.stockReserved, { orderId, items: [] }),
    ).resolves.toBe('ignored');
    // A compensation reply nobody asked for, and a reply without a saga tag.
    await expect(
      answer(m, reserve, InventoryEvents.stockReleased, { orderId, items: [] }),
    ).resolves.toBe('ignored');
    await expect(
      orchestrator.handleReply(
        createEnvelope({ type: PaymentEvents.paymentCompleted, payload: { orderId } }),
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
    await answer(m, reserve, InventoryEvents.stockReservationFailed, {
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
    await answer(m, reserve, InventoryEvents.stockReserved, { orderId, items: [] });
    const [, charge] = await commands(m, orderId);
    await answer(m, charge, PaymentEvents.paymentFailed, { orderId, reason: 'insufficient funds' });
    const [, , release] = await commands(m, orderId);
    expect(release).toMatchObject({
      type: 'inventory.release-stock',
      headers: { 'reply-saga-step': '0.c.1' },
    });
    expect(await order(m, orderId)).toMatchObject({ status: 'PENDING' });
    await answer(m, release, InventoryEvents.stockReleased, { orderId, items: [] });
    expect(await order(m, orderId)).toMatchObject({
      status: 'CANCELLED',
      reason: 'insufficient funds',
    });
  });

  it(`[${kind}] a deadline passes → what was done (and the step in doubt) is undone, CANCELLED 'timeout'`, async () => {
    const m = await boot({ SAGA_STEP_DEADLINE_MS: '300' });
    const orderId = await createOrder(m);
    const [reserve] = await commands(m, orderId);
    await answer(m, reserve, InventoryEvents.stockReserved, { orderId, items: [] });
    // No answer to the charge: after the deadline the charge is refunded (voided), then stock released.
    await waitFor(async () => (await commands(m, orderId)).length >= 3, 'the refund');
    const refund = (await commands(m, orderId))[2];
    expect(refund).toMatchObject({
      type: 'payment.refund',
      headers: { 'reply-saga-step': '1.c.1' },
    });
    await answer(m, refund, PaymentEvents.paymentRefunded, { orderId, amount: 0 });
    const release = (await commands(m, orderId))[3];
    expect(release.type).toBe('inventory.release-stock');
    await answer(m, release, InventoryEvents.stockReleased, { orderId, items: [] });
    expect(await order(m, orderId)).toMatchObject({ status: 'CANCELLED', reason: 'timeout' });
  });

  it(`[${kind}] an unanswered compensation is resent with backoff, then the saga is FAILED and listed`, async () => {
    const m = await boot({
      SAGA_STEP_DEADLINE_MS: '200',
      SAGA_COMPENSATION_ATTEMPTS: '3',
      SAGA_COMPENSATION_BASE_MS: '100',
    });
    const orderId = await createOrder(m);
    await waitFor(
      async () => (await saga(m, orderId)).status === 'FAILED',
      'the saga to fail',
      20_000,
    );
    const releases = (await commands(m, orderId)).filter(
      (c) => c.type === 'inventory.release-stock',
    );
    expect(releases.map((c) => c.headers['reply-saga-step'])).toEqual(['0.c.1', '0.c.2', '0.c.3']);
    const failed = (await m.get(QueryBus).execute(new FindSagasQuery('FAILED'))) as SagaView[];
    expect(failed.map((s) => s.id)).toContain(orderId);
    // The order is left PENDING for an operator: never silently cancelled with stock still held.
    expect(await order(m, orderId)).toMatchObject({ status: 'PENDING' });
  });

  it(`[${kind}] after a restart a RUNNING saga resumes where it was`, async () => {
    const first = await boot({ SAGA_STEP_DEADLINE_MS: '60000' });
    const orderId = await createOrder(first);
    const [reserve] = await commands(first, orderId);
    await first.close();
    moduleRef = undefined;

    const m = await boot({ SAGA_STEP_DEADLINE_MS: '60000' });
    expect((await saga(m, orderId)).status).toBe('RUNNING');
    await answer(m, reserve, InventoryEvents.stockReserved, { orderId, items: [] });
    const [, charge] = await commands(m, orderId);
    await answer(m, charge, PaymentEvents.paymentCompleted, {
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
