import { PaymentCompleted, PaymentRefunded } from '@railyard/contracts';
import { RailyardContext } from '@railyard/messaging';
import { CodedError } from '@railyard/platform';
import { DATABASE_KINDS } from '../../../../test/support/database';
import { PaymentTestApp } from '../testing/payment-test-app';
import { RefundMessageController } from './refund.message.controller';

jest.setTimeout(30_000);

describe.each(DATABASE_KINDS)('Refund on %s', (kind) => {
  let t: PaymentTestApp;
  let n = 0;
  const ids = () => ({ orderId: `order-${++n}`, customerId: `customer-${n}` });

  beforeAll(async () => {
    t = await PaymentTestApp.start(kind);
  });
  afterAll(() => t?.close());

  /** A customer with `balance` left after `orderId` was charged `amount`. */
  async function charged(amount: number, balance = 0) {
    const { orderId, customerId } = ids();
    await t.setAccount(customerId, amount + balance);
    const [answer] = await t.answersTo(await t.charge({ orderId, customerId, amount }));
    expect(answer.type).toBe(PaymentCompleted.type);
    return { orderId, customerId, charge: answer.payload as PaymentCompleted };
  }

  it('gives back exactly what was charged and answers PaymentRefunded', async () => {
    const { orderId, customerId, charge } = await charged(1_234, 66);
    const command = await t.refund({ orderId });

    const answers = await t.answersTo(command);
    expect(answers.map((a) => [a.type, a.payload])).toEqual([
      [PaymentRefunded.type, { orderId, transactionId: expect.any(String), amount: 1_234 }],
    ]);
    const refund = answers[0].payload as { transactionId: string };
    expect(refund.transactionId).not.toBe(charge.transactionId);
    expect(await t.balance(customerId)).toBe(1_300);
  });

  it('emits the answer keyed by order, caused by the command, with its reply-* headers', async () => {
    const { orderId } = await charged(10);
    const command = await t.refund({ orderId });

    const [answer] = await t.answersTo(command);
    expect(answer).toMatchObject({
      aggregateId: orderId,
      causationId: command.messageId,
      correlationId: command.correlationId,
      headers: { 'reply-saga-id': 'saga-1', 'reply-step': 'payment' },
    });
    expect(answer.headers).not.toHaveProperty('x-trace');
  });

  it('a repeated Refund (new message id) answers again, the same, and moves money once', async () => {
    const { orderId, customerId } = await charged(500);
    const first = await t.refund({ orderId });
    const again = await t.refund({ orderId });

    const [original] = await t.answersTo(first);
    const [replayed] = await t.answersTo(again);
    expect(replayed.type).toBe(PaymentRefunded.type);
    expect(replayed.payload).toEqual(original.payload);
    expect(await t.balance(customerId)).toBe(500);
    expect(await t.count('payment', `order_id = ${t.param(1)}`, [orderId])).toBe(2);
  });

  it('a redelivered Refund (same envelope) answers once and moves money once', async () => {
    const { orderId, customerId } = await charged(500);
    const command = t.refundEnvelope({ orderId });
    await t.refund(command.payload, command);
    await t.refund(command.payload, command);

    expect(await t.answersTo(command)).toHaveLength(1);
    expect(await t.balance(customerId)).toBe(500);
  });

  it('before any Charge: voids the order, answers amount 0 with no transaction', async () => {
    const { orderId } = ids();
    const command = await t.refund({ orderId });

    const answers = await t.answersTo(command);
    expect(answers.map((a) => [a.type, a.payload])).toEqual([
      [PaymentRefunded.type, { orderId, amount: 0 }],
    ]);
    const decisions = await t.dataSource.query(
      `SELECT status, reason FROM payment_decision WHERE order_id = ${t.param(1)}`,
      [orderId],
    );
    expect(decisions).toEqual([{ status: 'VOIDED', reason: 'order refunded' }]);
  });

  it('before any Charge, repeated: answers amount 0 again and the late Charge is refused', async () => {
    const { orderId, customerId } = ids();
    await t.setAccount(customerId, 1_000);
    await t.refund({ orderId });
    const again = await t.refund({ orderId });
    const late = await t.charge({ orderId, customerId, amount: 100 });

    expect((await t.answersTo(again)).map((a) => a.payload)).toEqual([{ orderId, amount: 0 }]);
    expect((await t.answersTo(late)).map((a) => a.payload)).toEqual([
      { orderId, reason: 'order refunded' },
    ]);
    expect(await t.balance(customerId)).toBe(1_000);
  });

  it('after a refused Charge: answers amount 0 and keeps the recorded failure', async () => {
    const { orderId, customerId } = ids();
    await t.setAccount(customerId, 5);
    await t.charge({ orderId, customerId, amount: 50 });
    const command = await t.refund({ orderId });
    const again = await t.charge({ orderId, customerId, amount: 50 });

    expect((await t.answersTo(command)).map((a) => a.payload)).toEqual([{ orderId, amount: 0 }]);
    expect((await t.answersTo(again)).map((a) => a.payload)).toEqual([
      { orderId, reason: 'insufficient funds' },
    ]);
    expect(await t.balance(customerId)).toBe(5);
  });

  it('a Charge repeated after the refund answers the recorded charge and takes nothing', async () => {
    const { orderId, customerId, charge } = await charged(300);
    await t.refund({ orderId });
    const again = await t.charge({ orderId, customerId, amount: 300 });

    expect((await t.answersTo(again)).map((a) => a.payload)).toEqual([charge]);
    expect(await t.balance(customerId)).toBe(300);
  });

  it('refuses a payload without an order id with INVALID_MESSAGE', async () => {
    const command = t.refundEnvelope({ orderId: '' });
    const error = await t.refund(command.payload, command).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodedError);
    expect(error).toMatchObject({ code: 'INVALID_MESSAGE' });
    expect(await t.answersTo(command)).toEqual([]);
  });

  it('is wired to Refund.type through its message controller', async () => {
    const { orderId, customerId } = await charged(70);
    const command = t.refundEnvelope({ orderId });
    await t.app
      .get(RefundMessageController)
      .handle(command.payload, new RailyardContext([command]));

    expect((await t.answersTo(command)).map((a) => a.payload)).toMatchObject([{ amount: 70 }]);
    expect(await t.balance(customerId)).toBe(70);
  });
});
