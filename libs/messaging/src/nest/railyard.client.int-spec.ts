import { Controller, INestApplication } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { GetProduct, OrderConfirmed, ProductView, StockReserved } from '@railyard/contracts';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { freePort } from '../../../../test/support/free-port';
import { messagingOptionsFromEnv } from '../config/messaging-options.from-config';
import { Envelope } from '../envelope/envelope';
import { RemoteError } from '../errors/remote.error';
import { connectBus } from './connect-bus';
import { ContractPipe } from './contract.pipe';
import { MessagingModule } from './messaging.module';
import { RailyardClient } from './railyard.client';
import { RailyardContext } from './railyard.context';

/** A stand-in inventory-service: answers GetProduct, records OrderConfirmed. */
@Controller()
class FakeInventory {
  static readonly events: Envelope[] = [];

  @MessagePattern(GetProduct.type)
  get(@Payload(new ContractPipe(GetProduct)) { sku }: GetProduct): ProductView {
    return { sku, available: 3, reserved: 1 };
  }

  @EventPattern(OrderConfirmed.type)
  confirmed(@Ctx() ctx: RailyardContext): void {
    FakeInventory.events.push(ctx.getEnvelope());
  }
}

async function startApp(
  service: string,
  port: number,
  peer: { name: string; port: number },
  controllers: Array<new (...args: never[]) => unknown> = [],
): Promise<INestApplication> {
  const module = await Test.createTestingModule({
    imports: [
      MessagingModule.forRootAsync({
        useFactory: () => {
          const options = messagingOptionsFromEnv(service, { TRANSPORT: 'tcp' });
          const peers = [{ name: peer.name, host: '127.0.0.1', port: peer.port }];
          return { options: { ...options, tcp: { ...options.tcp, port, peers } } };
        },
      }),
    ],
    controllers,
  }).compile();
  const app = module.createNestApplication({ logger: false });
  connectBus(app);
  await app.startAllMicroservices();
  await app.init();
  return app;
}

describe('RailyardClient (ClientProxy over the TCP bus)', () => {
  let inventory: INestApplication;
  let order: INestApplication;
  let client: RailyardClient;

  beforeAll(async () => {
    const [inventoryPort, orderPort] = [await freePort(), await freePort()];
    inventory = await startApp('inventory', inventoryPort, { name: 'order', port: orderPort }, [
      FakeInventory,
    ]);
    order = await startApp('order', orderPort, { name: 'inventory', port: inventoryPort });
    client = order.get(RailyardClient);
  });
  afterAll(async () => {
    await order?.close();
    await inventory?.close();
  });

  it('send: an Observable of the answer, by contract or by wire type', async () => {
    await expect(firstValueFrom(client.send(GetProduct, { sku: 'A' }))).resolves.toEqual({
      sku: 'A',
      available: 3,
      reserved: 1,
    });
    await expect(
      lastValueFrom(client.send<ProductView>(GetProduct.type, { sku: 'B' })),
    ).resolves.toMatchObject({ sku: 'B' });
  });

  it("send: the service's refusal as an error, a bad pattern refused before anything is sent", async () => {
    const invalid = await firstValueFrom(client.send(GetProduct, { sku: '' })).catch((e) => e);
    expect(invalid).toBeInstanceOf(RemoteError);
    expect(invalid).toMatchObject({ remoteCode: 'INVALID_MESSAGE' });
    await expect(firstValueFrom(client.send('no.such.type', {}))).rejects.toThrow(
      /no contract defines the message type no.such.type/,
    );
    await expect(firstValueFrom(client.send(StockReserved.type, {}))).rejects.toThrow(/emit it/);
  });

  it('emit: completes once the event is confirmed; the subscriber gets it', async () => {
    await lastValueFrom(client.emit(OrderConfirmed, { orderId: 'o-1' }), {
      defaultValue: undefined,
    });
    const deadline = Date.now() + 10_000;
    while (!FakeInventory.events.some((e) => e.type === OrderConfirmed.type)) {
      if (Date.now() > deadline) throw new Error('OrderConfirmed never arrived');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(FakeInventory.events[0]).toMatchObject({ payload: { orderId: 'o-1' } });
    await expect(
      lastValueFrom(client.emit(GetProduct.type, { sku: 'A' }), { defaultValue: undefined }),
    ).rejects.toThrow(/is a request: send it/);
  });
});
