import {
  AccountView,
  GetAccount,
  ListOrderPayments,
  PaymentCompleted,
  PaymentRefunded,
  PaymentView,
  SetAccount,
} from '@railyard/contracts';
import { ContractPipe, createEnvelope, RailyardContext } from '@railyard/messaging';
import { CodedError } from '@railyard/platform';
import { DATABASE_KINDS } from '../../../../test/support/database';
import { GetAccountMessageController } from '../get-account/get-account.message.controller';
import { ListOrderPaymentsMessageController } from '../list-order-payments/list-order-payments.message.controller';
import { PaymentTestApp } from '../testing/payment-test-app';
import { SetAccountMessageController } from './set-account.message.controller';

jest.setTimeout(30_000);

/** The admin request/reply handlers, called as the bus calls them (through their controllers). */
describe.each(DATABASE_KINDS)('payment admin queries on %s', (kind) => {
  let t: PaymentTestApp;
  let setAccount: (payload: unknown) => Promise<AccountView>;
  let getAccount: (payload: unknown) => Promise<AccountView>;
  let listOrderPayments: (payload: unknown) => Promise<PaymentView[]>;

  beforeAll(async () => {
    t = await PaymentTestApp.start(kind);
    const set = t.app.get(SetAccountMessageController);
    const get = t.app.get(GetAccountMessageController);
    const list = t.app.get(ListOrderPaymentsMessageController);
    // The handlers as Nest calls them: the contract's pipe first (the bus specs go through Nest).
    setAccount = async (payload) => {
      const valid = new ContractPipe(SetAccount).transform(payload);
      const envelope = createEnvelope({ type: SetAccount.type, payload: valid });
      return set.handle(valid, new RailyardContext([envelope]));
    };
    getAccount = async (payload) => get.handle(new ContractPipe(GetAccount).transform(payload));
    listOrderPayments = async (payload) =>
      list.handle(new ContractPipe(ListOrderPayments).transform(payload));
  });
  afterAll(() => t?.close());

  it('setAccount creates an account and answers its view', async () => {
    await expect(setAccount({ customerId: 'alice', balance: 12_345 })).resolves.toEqual({
      customerId: 'alice',
      balance: 12_345,
    });
    await expect(getAccount({ customerId: 'alice' })).resolves.toEqual({
      customerId: 'alice',
      balance: 12_345,
    });
  });

  it('setAccount replaces the balance of an existing account', async () => {
    await setAccount({ customerId: 'bob', balance: 100 });
    await expect(setAccount({ customerId: 'bob', balance: 0 })).resolves.toEqual({
      customerId: 'bob',
      balance: 0,
    });
    await expect(getAccount({ customerId: 'bob' })).resolves.toEqual({
      customerId: 'bob',
      balance: 0,
    });
    expect(await t.count('account', `customer_id = ${t.param(1)}`, ['bob'])).toBe(1);
  });

  it('getAccount of an unknown customer fails with ACCOUNT_NOT_FOUND', async () => {
    const error = await getAccount({ customerId: 'nobody' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodedError);
    expect(error).toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
  });

  it.each([
    ['a negative balance', { customerId: 'carol', balance: -1 }],
    ['a fractional balance', { customerId: 'carol', balance: 1.5 }],
    ['no customer', { balance: 1 }],
  ])('setAccount refuses %s with INVALID_MESSAGE', async (_name, payload) => {
    const error = await setAccount(payload).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_MESSAGE' });
    expect(await t.count('account', `customer_id = ${t.param(1)}`, ['carol'])).toBe(0);
  });

  it('getAccount and listOrderPayments refuse a payload without their id', async () => {
    await expect(getAccount({})).rejects.toMatchObject({ code: 'INVALID_MESSAGE' });
    await expect(listOrderPayments({ orderId: 7 })).rejects.toMatchObject({
      code: 'INVALID_MESSAGE',
    });
  });

  it('listOrderPayments is empty for an order with no payment', async () => {
    await expect(listOrderPayments({ orderId: 'never-seen' })).resolves.toEqual([]);
    await t.refund({ orderId: 'voided-only' });
    await expect(listOrderPayments({ orderId: 'voided-only' })).resolves.toEqual([]);
  });

  it('listOrderPayments lists the charge then the refund, oldest first', async () => {
    await setAccount({ customerId: 'dave', balance: 1_000 });
    const charge = await t.charge({ orderId: 'order-d', customerId: 'dave', amount: 400 });
    const refund = await t.refund({ orderId: 'order-d' });
    const [charged] = await t.answersTo(charge);
    const [refunded] = await t.answersTo(refund);

    const payments = await listOrderPayments({ orderId: 'order-d' });
    expect(payments).toEqual([
      {
        type: 'CHARGE',
        amount: 400,
        transactionId: (charged.payload as PaymentCompleted).transactionId,
        createdAt: expect.any(String),
      },
      {
        type: 'REFUND',
        amount: 400,
        transactionId: (refunded.payload as PaymentRefunded).transactionId,
        createdAt: expect.any(String),
      },
    ]);
    expect(new Date(payments[0].createdAt).toISOString()).toBe(payments[0].createdAt);
    expect(payments[0].createdAt <= payments[1].createdAt).toBe(true);
  });

  it('listOrderPayments shows the charge only once, however often it was asked for', async () => {
    await setAccount({ customerId: 'erin', balance: 1_000 });
    for (let i = 0; i < 3; i++)
      await t.charge({ orderId: 'order-e', customerId: 'erin', amount: 5 });
    const payments = await listOrderPayments({ orderId: 'order-e' });
    expect(payments.map((p) => [p.type, p.amount])).toEqual([['CHARGE', 5]]);
  });
});
