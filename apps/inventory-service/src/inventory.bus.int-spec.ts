import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Controller, INestApplication } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import {
  CommitStock,
  GetProduct,
  GetReservation,
  contractTypes,
  PayloadInput,
  ReleaseStock,
  RequestContract,
  ReserveStock,
  SetProduct,
  StockCommitted,
  StockReleased,
  StockReservationFailed,
  StockReserved,
} from '@railyard/contracts';
import {
  connectBus,
  Envelope,
  MessageBus,
  MessagingModule,
  messagingOptionsFromEnv,
  RailyardContext,
  RemoteError,
} from '@railyard/messaging';
import { freePort } from '../../../test/support/free-port';
import { DATABASE_KINDS } from '../../../test/support/database';
import { InventoryHarness, SAGA_HEADERS, uniqueId } from '../test/inventory-harness';

jest.setTimeout(60_000);

/** Stands in for the saga: receives whatever inventory answers. */
@Controller()
class ReplyRecorder {
  static readonly received: Envelope[] = [];

  // One decorator with a list: stacked @EventPattern decorators overwrite each other.
  @EventPattern(contractTypes({ service: 'inventory', kind: 'event' }))
  record(@Ctx() ctx: RailyardContext): void {
    ReplyRecorder.received.push(ctx.getEnvelope());
  }
}

async function startProbe(port: number, inventoryPort: number): Promise<INestApplication> {
  const module = await Test.createTestingModule({
    imports: [
      MessagingModule.forRootAsync({
        useFactory: () => {
          const options = messagingOptionsFromEnv('probe', { TRANSPORT: 'tcp' });
          const inventory = { name: 'inventory', host: '127.0.0.1', port: inventoryPort };
          return { options: { ...options, tcp: { ...options.tcp, port, peers: [inventory] } } };
        },
      }),
    ],
    controllers: [ReplyRecorder],
  }).compile();
  const app = module.createNestApplication({ logger: false });
  connectBus(app);
  await app.startAllMicroservices();
  await app.init();
  return app;
}

async function eventually<T>(read: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(DATABASE_KINDS)('inventory-service over the TCP bus on %s', (kind) => {
  let inventory: InventoryHarness;
  let probe: INestApplication;
  let bus: MessageBus;

  beforeAll(async () => {
    const [inventoryPort, probePort] = [await freePort(), await freePort()];
    inventory = await InventoryHarness.start(kind, {
      port: inventoryPort,
      peers: [{ name: 'probe', host: '127.0.0.1', port: probePort }],
    });
    probe = await startProbe(probePort, inventoryPort);
    bus = probe.get(MessageBus);
  });
  afterAll(async () => {
    await probe?.close();
    await inventory?.close();
  });

  const request = <C extends RequestContract>(contract: C, payload: PayloadInput<C>) =>
    bus.request(contract, payload, { timeoutMs: 5_000 });

  it('serves the admin requests', async () => {
    const sku = uniqueId('sku');
    expect(await request(SetProduct, { sku, available: 4 })).toEqual({
      sku,
      available: 4,
      reserved: 0,
    });
    expect(await request(GetProduct, { sku })).toEqual({
      sku,
      available: 4,
      reserved: 0,
    });
  });

  it('answers a setProduct served again with its first reply, not undoing a later one', async () => {
    const sku = uniqueId('sku');
    const messageId = randomUUID();
    const setTo = (available: number, id = randomUUID()) =>
      bus.request(SetProduct, { sku, available }, { timeoutMs: 5_000, messageId: id });
    expect(await setTo(5, messageId)).toEqual({ sku, available: 5, reserved: 0 });
    await setTo(9);
    // The first message again (a broker re-serving it, or a gateway retry): its reply, no effect.
    expect(await setTo(5, messageId)).toEqual({ sku, available: 5, reserved: 0 });
    expect(await request(GetProduct, { sku })).toMatchObject({
      available: 9,
    });
  });

  it.each([
    [GetProduct.type, () => request(GetProduct, { sku: 'nope' }), 'PRODUCT_NOT_FOUND'],
    [
      GetReservation.type,
      () => request(GetReservation, { orderId: 'nope' }),
      'RESERVATION_NOT_FOUND',
    ],
    [SetProduct.type, () => request(SetProduct, { sku: 'A', available: -1 }), 'INVALID_MESSAGE'],
  ])('%s answers its error code to the caller', async (_type, call, code) => {
    const failure = await call().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RemoteError);
    expect(failure).toMatchObject({ remoteCode: code });
  });

  it('handles ReserveStock and CommitStock events and answers them over the bus', async () => {
    const sku = uniqueId('sku');
    const orderId = uniqueId('order');
    await request(SetProduct, { sku, available: 5 });
    const options = { aggregateId: orderId, headers: SAGA_HEADERS };

    await bus.publish(ReserveStock, { orderId, items: [{ sku, quantity: 2 }] }, options);
    const reserved = await eventually(() =>
      ReplyRecorder.received.find((e) => e.aggregateId === orderId),
    );
    expect(reserved).toMatchObject({
      type: StockReserved.type,
      payload: { orderId, items: [{ sku, quantity: 2 }] },
      headers: { 'reply-saga-id': 'saga-1', 'reply-step': 'stock' },
    });
    expect(reserved.headers).not.toHaveProperty('x-trace');

    await bus.publish(CommitStock, { orderId }, options);
    await eventually(() =>
      ReplyRecorder.received.find(
        (e) => e.aggregateId === orderId && e.type === StockCommitted.type,
      ),
    );
    expect(await request(GetReservation, { orderId })).toEqual({
      orderId,
      status: 'COMMITTED',
      items: [{ sku, quantity: 2 }],
    });
    expect(await inventory.product(sku)).toMatchObject({ available: 3, reserved: 0, committed: 2 });
  });

  it('answers a ReleaseStock that arrives first, then refuses the late ReserveStock', async () => {
    const sku = uniqueId('sku');
    const orderId = uniqueId('order');
    await request(SetProduct, { sku, available: 5 });
    await bus.publish(ReleaseStock, { orderId }, { aggregateId: orderId });
    await bus.publish(
      ReserveStock,
      { orderId, items: [{ sku, quantity: 1 }] },
      { aggregateId: orderId },
    );
    const replies = await eventually(() => {
      const mine = ReplyRecorder.received.filter((e) => e.aggregateId === orderId);
      return mine.length === 2 ? mine : undefined;
    });
    expect(replies.map((e) => [e.type, e.payload])).toEqual([
      [StockReleased.type, { orderId, items: [] }],
      [StockReservationFailed.type, { orderId, reason: 'order released', skus: [] }],
    ]);
  });

  // Not asserted: "at once". RpcErrorShapeFilter drops CodedError.retryable, so today the
  // pipeline retries the handler (rl-attempts = MESSAGING_RETRY_ATTEMPTS) before dead-lettering.
  it('dead-letters an invalid ReserveStock with INVALID_MESSAGE, without an answer', async () => {
    const orderId = uniqueId('order');
    await bus.publish(
      ReserveStock,
      { orderId, items: [{ sku: 'A', quantity: -3 }] },
      { aggregateId: orderId },
    );
    const file = join(inventory.database.env.DATA_DIR, 'inventory', 'dead-letters.jsonl');
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines.some((line) => line.includes('INVALID_MESSAGE'))).toBe(true);
    expect(await inventory.reservation(orderId)).toBeNull();
    expect(ReplyRecorder.received.filter((e) => e.aggregateId === orderId)).toEqual([]);
  });
});
