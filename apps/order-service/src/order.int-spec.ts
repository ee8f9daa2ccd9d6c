import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Test, TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  CreateOrder,
  CreateOrderResult,
  MONEY_LIMITS,
  OrderCancelled,
  OrderConfirmed,
  OrderCreated,
} from '@railyard/contracts';
import {
  createEnvelope,
  Envelope,
  MessagingModule,
  messagingOptionsFromEnv,
} from '@railyard/messaging';
import { UnitOfWork } from '@railyard/persistence';
import { validatedConfigModule } from '@railyard/platform';
import { createTestDatabase, DATABASE_KINDS, TestDatabase } from '../../../test/support/database';
import { CancelOrderCommand } from './cancel-order/cancel-order.command';
import { ConfirmOrderCommand } from './confirm-order/confirm-order.command';
import { CreateOrderCommand } from './create-order/create-order.command';
import { OrderEntity } from './database/order.entity';
import { GetOrderQuery } from './get-order/get-order.query';
import { OrderModule } from './order.module';
import { orderPayloadPipe } from './messaging/order-payload.pipe';
import { orderEnvSchema } from './config/order.config';

jest.setTimeout(60_000);

const request = (overrides: Partial<CreateOrder> = {}): Envelope<CreateOrder> =>
  createEnvelope({
    type: CreateOrder.type,
    payload: {
      customerId: 'customer-1',
      items: [
        { sku: 'sku-a', quantity: 2, unitPrice: 1050 },
        { sku: 'sku-b', quantity: 1, unitPrice: 1 },
      ],
      ...overrides,
    },
  });

describe.each(DATABASE_KINDS)('order-service on %s', (kind) => {
  let db: TestDatabase;
  let moduleRef: TestingModule;
  let commands: CommandBus;
  let queries: QueryBus;

  beforeAll(async () => {
    db = await createTestDatabase(kind, 'order');
    moduleRef = await Test.createTestingModule({
      imports: [
        validatedConfigModule(orderEnvSchema, db.env),
        // A client-only bus with no peers: the relay marks rows sent; we read outbox_message.
        MessagingModule.forRootAsync({
          useFactory: () => {
            const options = messagingOptionsFromEnv('order', { TRANSPORT: 'tcp' });
            return { options: { ...options, tcp: { ...options.tcp, port: undefined, peers: [] } } };
          },
        }),
        OrderModule,
      ],
    }).compile();
    await moduleRef.init();
    commands = moduleRef.get(CommandBus);
    queries = moduleRef.get(QueryBus);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await db?.drop();
  });

  /** As Nest hands it over: through CreateOrder's pipe (INVALID_ORDER), then the handler. */
  const create = async (envelope: Envelope<CreateOrder>): Promise<CreateOrderResult> => {
    const payload = orderPayloadPipe(CreateOrder).transform(envelope.payload);
    return commands.execute(new CreateOrderCommand({ ...envelope, payload }));
  };

  /** What the order staged in its outbox: its own events, and (all: true) the saga's commands. */
  const emitted = async (orderId: string, all = false) => {
    const rows: Array<{ type: string; envelope: string }> = await moduleRef
      .get<DataSource>(getDataSourceToken())
      .query('SELECT type, envelope FROM outbox_message ORDER BY sequence');
    return rows
      .map((row) => JSON.parse(row.envelope) as Envelope<{ orderId: string }>)
      .filter((e) => e.payload.orderId === orderId && (all || e.type.startsWith('order.')));
  };

  it(`[${kind}] creates a PENDING order with an exact total and stages order.created with it`, async () => {
    const command = request();
    const result = await create(command);
    expect(result).toMatchObject({ status: 'PENDING', replayed: false });

    const order = await queries.execute(new GetOrderQuery(result.orderId));
    expect(order).toMatchObject({
      id: result.orderId,
      customerId: 'customer-1',
      total: 2101,
      status: 'PENDING',
      items: command.payload.items,
    });
    const events = await emitted(result.orderId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: OrderCreated.type,
      aggregateId: result.orderId,
      causationId: command.messageId,
      correlationId: command.correlationId,
      payload: { orderId: result.orderId, total: 2101, customerId: 'customer-1' },
    });
  });

  it(`[${kind}] the entities match the migrations (schema sync would change nothing)`, async () => {
    const dataSource = moduleRef.get<DataSource>(getDataSourceToken());
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it(`[${kind}] stores a total beyond 32 bits exactly (1,000 x 30,000.00) and reads it back as a number`, async () => {
    const items = [{ sku: 'sku-big', quantity: 1_000, unitPrice: 3_000_000 }];
    const { orderId } = await create(request({ items }));
    const order = await queries.execute(new GetOrderQuery(orderId));
    expect(order).toMatchObject({ total: 3_000_000_000, items });
    // The largest order allowed: exactly the cap.
    const largest = [{ sku: 'sku-max', quantity: 100, unitPrice: MONEY_LIMITS.maxUnitPrice }];
    const max = await create(request({ items: largest }));
    expect(await queries.execute(new GetOrderQuery(max.orderId))).toMatchObject({
      total: MONEY_LIMITS.maxOrderTotal,
    });
  });

  it(`[${kind}] refuses a total above the cap with INVALID_ORDER, naming the limit`, async () => {
    const items = [
      { sku: 'sku-cap', quantity: 100, unitPrice: MONEY_LIMITS.maxUnitPrice },
      { sku: 'sku-one-more-cent', quantity: 1, unitPrice: 1 },
    ];
    await expect(create(request({ items }))).rejects.toMatchObject({
      code: 'INVALID_ORDER',
      retryable: false,
      message: expect.stringContaining(String(MONEY_LIMITS.maxOrderTotal)),
    });
  });

  it(`[${kind}] starts the fulfilment saga in the same transaction: ReserveStock is staged`, async () => {
    const { orderId } = await create(request());
    const commands = (await emitted(orderId, true)).filter((e) => !e.type.startsWith('order.'));
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatchObject({
      type: 'inventory.reserve-stock',
      aggregateId: orderId,
      payload: {
        orderId,
        items: [
          { sku: 'sku-a', quantity: 2 },
          { sku: 'sku-b', quantity: 1 },
        ],
      },
      headers: { 'reply-saga-id': orderId, 'reply-saga-step': '0.a.1' },
    });
  });

  it(`[${kind}] the same Idempotency-Key and request give the same order and create nothing`, async () => {
    const key = `key-${kind}-${Date.now()}`;
    const first = await create(request({ idempotencyKey: key }));
    const again = await create(request({ idempotencyKey: key }));
    expect(again).toEqual({ ...first, replayed: true });
    expect(await emitted(first.orderId)).toHaveLength(1);
  });

  it(`[${kind}] the same key with another request is a conflict`, async () => {
    const key = `key-conflict-${kind}-${Date.now()}`;
    await create(request({ idempotencyKey: key }));
    await expect(
      create(request({ idempotencyKey: key, customerId: 'someone-else' })),
    ).rejects.toMatchObject({
      code: 'IDEMPOTENCY_CONFLICT',
    });
  });

  it(`[${kind}] racing requests with one key make one order`, async () => {
    const key = `key-race-${kind}-${Date.now()}`;
    const results = await Promise.all(
      Array.from({ length: 6 }, () => create(request({ idempotencyKey: key }))),
    );
    expect(new Set(results.map((r) => r.orderId)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
  });

  /** Orders of one customer, as rows: what a request's effect left behind. */
  const ordersOf = async (customerId: string) =>
    (await moduleRef
      .get<DataSource>(getDataSourceToken())
      .query(
        `SELECT id FROM customer_order WHERE customer_id = ${kind === 'postgres' ? '$1' : '?'}`,
        [customerId],
      )) as Array<{ id: string }>;

  it(`[${kind}] one request message served twice (no Idempotency-Key) makes one order; both answers carry its id`, async () => {
    const customerId = `redelivered-${kind}-${Date.now()}`;
    const message = request({ customerId });
    const first = await create(message);
    const again = await create(message);
    expect(again).toEqual(first);
    expect((await ordersOf(customerId)).map((row) => row.id)).toEqual([first.orderId]);
    expect(await emitted(first.orderId, true)).toHaveLength(2);
  });

  it(`[${kind}] two deliveries of one request message at the same time make one order`, async () => {
    const customerId = `racing-delivery-${kind}-${Date.now()}`;
    const message = request({ customerId });
    const answers = await Promise.all([create(message), create(message), create(message)]);
    expect(new Set(answers.map((answer) => answer.orderId)).size).toBe(1);
    expect((await ordersOf(customerId)).map((row) => row.id)).toEqual([answers[0].orderId]);
  });

  it.each([
    ['no items', { items: [] }],
    ['a zero quantity', { items: [{ sku: 'a', quantity: 0, unitPrice: 1 }] }],
    ['a fractional price', { items: [{ sku: 'a', quantity: 1, unitPrice: 1.5 }] }],
    ['no customer', { customerId: '' }],
  ])(
    `[${kind}] refuses an order with %s, naming the field, creating nothing`,
    async (_, overrides) => {
      await expect(create(request(overrides as Partial<CreateOrder>))).rejects.toMatchObject({
        code: 'INVALID_ORDER',
        retryable: false,
      });
    },
  );

  it(`[${kind}] an unknown order is ORDER_NOT_FOUND`, async () => {
    await expect(queries.execute(new GetOrderQuery('no-such-order'))).rejects.toMatchObject({
      code: 'ORDER_NOT_FOUND',
    });
  });

  it(`[${kind}] a read never sees a change that is later rolled back`, async () => {
    const { orderId } = await create(request());
    let read: Promise<unknown> | undefined;
    // A unit of work that changes the order, lets a read of it start, then fails. On SQLite the
    // read shares the connection of that transaction, so it must wait for its turn.
    const doomed = moduleRef.get(UnitOfWork).run(async (tx) => {
      await tx.getRepository(OrderEntity).update({ id: orderId }, { status: 'CONFIRMED' });
      read = queries.execute(new GetOrderQuery(orderId));
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error('rolled back');
    });
    await expect(doomed).rejects.toThrow('rolled back');
    await expect(read).resolves.toMatchObject({ id: orderId, status: 'PENDING' });
  });

  it(`[${kind}] PENDING → CONFIRMED once; a confirmed order is never cancelled`, async () => {
    const { orderId } = await create(request());
    await expect(commands.execute(new ConfirmOrderCommand(orderId))).resolves.toMatchObject({
      status: 'CONFIRMED',
    });
    await commands.execute(new ConfirmOrderCommand(orderId));
    await expect(
      commands.execute(new CancelOrderCommand(orderId, 'too late')),
    ).resolves.toMatchObject({
      status: 'CONFIRMED',
    });
    const events = (await emitted(orderId)).map((e) => e.type);
    expect(events).toEqual([OrderCreated.type, OrderConfirmed.type]);
  });

  it(`[${kind}] PENDING → CANCELLED keeps its reason; a cancelled order is never confirmed`, async () => {
    const { orderId } = await create(request());
    await commands.execute(new CancelOrderCommand(orderId, 'insufficient stock'));
    await commands.execute(new ConfirmOrderCommand(orderId));
    expect(await queries.execute(new GetOrderQuery(orderId))).toMatchObject({
      status: 'CANCELLED',
      reason: 'insufficient stock',
    });
    const events = await emitted(orderId);
    expect(events.map((e) => e.type)).toEqual([OrderCreated.type, OrderCancelled.type]);
    expect(events[1].payload).toEqual({ orderId, reason: 'insufficient stock' });
  });
});
