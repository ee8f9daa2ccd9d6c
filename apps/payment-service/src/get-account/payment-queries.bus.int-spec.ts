import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  Charge,
  GetAccount,
  ListOrderPayments,
  PaymentCompleted,
  Refund,
  SetAccount,
} from '@railyard/contracts';
import {
  MessageBus,
  MessagingModule,
  messagingOptionsFromEnv,
  RemoteError,
} from '@railyard/messaging';
import { freePort } from '../../../../test/support/free-port';
import { PaymentTestApp } from '../testing/payment-test-app';

jest.setTimeout(30_000);

/** The contract as a caller sees it: commands and request/reply over a real TCP bus. */
describe('payment-service over the TCP bus', () => {
  let t: PaymentTestApp;
  let client: INestApplication;
  let bus: MessageBus;

  beforeAll(async () => {
    const port = await freePort();
    t = await PaymentTestApp.start('sqlite', { tcpPort: port });
    const moduleRef = await Test.createTestingModule({
      imports: [
        MessagingModule.forRootAsync({
          useFactory: () => {
            const options = messagingOptionsFromEnv('admin-client', { TRANSPORT: 'tcp' });
            const peers = [{ name: 'payment', host: '127.0.0.1', port }];
            return { options: { ...options, tcp: { ...options.tcp, port: undefined, peers } } };
          },
        }),
      ],
    }).compile();
    client = moduleRef.createNestApplication({ logger: ['error'] });
    await client.init();
    bus = client.get(MessageBus);
  });
  afterAll(async () => {
    await client?.close();
    await t?.close();
  });

  it('answers setAccount, getAccount and listOrderPayments', async () => {
    await expect(
      bus.request(SetAccount, {
        customerId: 'zoe',
        balance: 42,
      }),
    ).resolves.toEqual({ customerId: 'zoe', balance: 42 });
    await expect(bus.request(GetAccount, { customerId: 'zoe' })).resolves.toEqual({
      customerId: 'zoe',
      balance: 42,
    });
    await expect(bus.request(ListOrderPayments, { orderId: 'x' })).resolves.toEqual([]);
  });

  it('answers a setAccount served again with its first reply, not undoing a later one', async () => {
    const messageId = randomUUID();
    const setTo = (balance: number, id = randomUUID()) =>
      bus.request(SetAccount, { customerId: 'ula', balance }, { messageId: id });
    expect(await setTo(10, messageId)).toEqual({ customerId: 'ula', balance: 10 });
    await setTo(25);
    // The first message again (a broker re-serving it, or a gateway retry): its reply, no effect.
    expect(await setTo(10, messageId)).toEqual({ customerId: 'ula', balance: 10 });
    await expect(bus.request(GetAccount, { customerId: 'ula' })).resolves.toEqual({
      customerId: 'ula',
      balance: 25,
    });
  });

  it('reports ACCOUNT_NOT_FOUND and INVALID_MESSAGE as the remote code', async () => {
    const notFound = await bus
      .request(GetAccount, { customerId: 'nobody' })
      .catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(RemoteError);
    expect(notFound).toMatchObject({ remoteCode: 'ACCOUNT_NOT_FOUND' });

    const invalid = await bus
      .request(SetAccount, { customerId: 'zoe', balance: -5 })
      .catch((e: unknown) => e);
    expect(invalid).toMatchObject({ remoteCode: 'INVALID_MESSAGE' });
  });

  it('handles a Charge event and answers through its outbox', async () => {
    await bus.request(SetAccount, { customerId: 'yan', balance: 100 });
    const charge = { orderId: 'bus-order', customerId: 'yan', amount: 30 };
    // Resolves once payment-service handled it (TCP acks after the handler).
    await bus.publish(Charge, charge, { aggregateId: charge.orderId });

    const answers = (await t.emitted()).filter((e) => e.aggregateId === 'bus-order');
    expect(answers.map((a) => a.type)).toEqual([PaymentCompleted.type]);
    await expect(bus.request(GetAccount, { customerId: 'yan' })).resolves.toEqual({
      customerId: 'yan',
      balance: 70,
    });
  });

  it("lists an order's charge, then its refund, with amounts as numbers", async () => {
    await bus.request(SetAccount, { customerId: 'uma', balance: 100 });
    await bus.publish(Charge, { orderId: 'listed', customerId: 'uma', amount: 42 });
    await bus.publish(Refund, { orderId: 'listed' });

    const listed = await bus.request(ListOrderPayments, { orderId: 'listed' });
    expect(listed).toEqual([
      expect.objectContaining({ type: 'CHARGE', amount: 42 }),
      expect.objectContaining({ type: 'REFUND', amount: 42 }),
    ]);
    for (const payment of listed) {
      expect(payment.transactionId).toEqual(expect.any(String));
      expect(Date.parse(payment.createdAt)).not.toBeNaN();
    }
  });
});
