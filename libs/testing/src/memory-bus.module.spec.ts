import { Controller, INestApplication } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { GetProduct, OrderConfirmed, ProductView } from '@railyard/contracts';
import { ContractPipe, MessageBus, RailyardContext, RemoteError } from '@railyard/messaging';
import { randomUUID } from 'node:crypto';
import { memoryBroker } from './memory-broker.inspect';
import { MemoryBusModule } from './memory-bus.module';
import { startTestService } from './start-test-service';

/** A stand-in inventory-service: answers GetProduct, takes OrderConfirmed (and fails on one). */
@Controller()
class Inventory {
  static readonly confirmed: string[] = [];

  @MessagePattern(GetProduct.type)
  get(@Payload(new ContractPipe(GetProduct)) { sku }: GetProduct): ProductView {
    return { sku, available: 5, reserved: 0 };
  }

  @EventPattern(OrderConfirmed.type)
  confirm(
    @Payload(new ContractPipe(OrderConfirmed)) { orderId }: OrderConfirmed,
    @Ctx() ctx: RailyardContext,
  ): void {
    if (orderId === 'poison') throw new Error(`cannot confirm ${ctx.getEnvelope().messageId}`);
    Inventory.confirmed.push(orderId);
  }
}

describe('MemoryBusModule: services of one test process on TRANSPORT=memory', () => {
  const broker = `spec-${randomUUID().slice(0, 8)}`;
  let inventory: INestApplication;
  let order: INestApplication;
  let bus: MessageBus;

  beforeAll(async () => {
    inventory = await startTestService({
      imports: [MemoryBusModule.forService('inventory', { broker })],
      controllers: [Inventory],
    });
    order = await startTestService({ imports: [MemoryBusModule.forService('order', { broker })] });
    bus = order.get(MessageBus);
  });
  afterAll(async () => {
    await order?.close();
    await inventory?.close();
    memoryBroker(broker).discard();
  });

  it('answers requests, typed by the contract, and refuses a bad payload with its code', async () => {
    await expect(bus.request(GetProduct, { sku: 'A' })).resolves.toEqual({
      sku: 'A',
      available: 5,
      reserved: 0,
    });
    const refusal = await bus.request(GetProduct, { sku: '' }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RemoteError);
    expect(refusal).toMatchObject({ remoteCode: 'INVALID_MESSAGE' });
  });

  it('delivers events, and keeps what no retry could handle as a dead letter', async () => {
    await bus.publish(OrderConfirmed, { orderId: 'o-1' });
    await bus.publish(OrderConfirmed, { orderId: 'poison' });
    const view = memoryBroker(broker);
    const deadline = Date.now() + 5_000;
    while (view.deadLetters('inventory').length === 0 || !Inventory.confirmed.includes('o-1')) {
      if (Date.now() > deadline) throw new Error('the events were not handled in 5 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(view.deadLetters('inventory')).toEqual([
      {
        type: OrderConfirmed.type,
        reason: 'handler-failed',
        error: expect.stringContaining('cannot confirm'),
      },
    ]);
    expect(view.pending('inventory')).toBe(0);
  });
});
