import { MONEY_LIMITS, PaymentCompleted, PaymentFailed } from '@railyard/contracts';
import { RailyardContext } from '@railyard/messaging';
import { CodedError } from '@railyard/platform';
import { DATABASE_KINDS } from '../../../../test/support/database';
import { PaymentTestApp, SAGA_HEADERS } from '../testing/payment-test-app';
import { ChargeMessageController } from './charge.message.controller';

jest.setTimeout(30_000);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe.each(DATABASE_KINDS)('Charge on %s', (kind) => {
  let t: PaymentTestApp;
  let n = 0;
  // Fresh ids per test: the database is shared by the tests of one kind.
  const ids = () => ({ orderId: `order-${++n}`, customerId: `customer-${n}` });

  beforeAll(async () => {
    t = await PaymentTestApp.start(kind);
  });
  afterAll(() => t?.close());

  it('takes the amount and answers PaymentCompleted with a new transaction id', async () => {
    const { orderId, customerId } = ids();
    await t.setAccount(customerId, 10_000);
    const command = await t.charge({ orderId, customerId, amount: 2_550 });

    const [answer, ...others] = await t.answersTo(command);
    expect(others).toEqual([]);
    expect(answer.type).toBe(PaymentCompleted.type);
    expect(answer.payload).toEqual({ orderId, transactionId: expect.any(String), amount: 2_550 });
    expect((answer.payload as { transactionId: string }).transactionId).toMatch(UUID);
    expect(await t.balance(customerId)).toBe(7_450);
  });

  it('emits the answer keyed by order, caused by the command, with its reply-* headers', async () => {
    const { orderId, customerId } = ids();
    await t.setAccount(customerId, 100);
    const command = await t.charge({ orderId, customerId, amount: 100 });

    const [answer] = await t.answersTo(command);
    expect(answer).toMatchObject({
      aggregateId: orderId,
      causationId: command.messageId,
      correlationId: command.correlationId,
      headers: { 'reply-saga-id': 'saga-1', 'reply-step': 'payment' },
    });
    expect(answer.headers).not.toHaveProperty('x-trace');
    expect(await t.balance(customerId)).toBe(0);
  });

  it('records the charge as a CHARGE payment and a COMPLETED decision', async () => {
    const { orderId, customerId } = ids();
    await t.setAccount(customerId, 500);
    const command = await t.charge({ orderId, customerId, amount: 499 });
    const [answer] = await t.answersTo(command);
    const { transactionId } = answer.payload as { transactionId: string };

    const p = t.param(1);
    const payments = await t.dataSource.query(
      `SELECT transaction_id, type, amount, customer_id FROM payment WHERE order_id = ${p}`,
      [orderId],
    );
    expect(
      payments.map((r: Record<string, unknown>) => ({ ...r, amount: Number(r.amount) })),
    ).toEqual([
      { transaction_id: transactionId, type: 'CHARGE', amount: 499, customer_id: customerId },
    ]);
    const decisions = await t.dataSource.query(
      `SELECT status, reason, transaction_id FROM payment_decision WHERE order_id = ${p}`,
      [orderId],
    );
    expect(decisions).toEqual([
      { status: 'COMPLETED', reason: null, transaction_id: transactionId },
    ]);
  });

  it('refuses with "insufficient funds" one cent short, moving nothing', async () => {
    const { orderId, customerId } = ids();
    await t.setAccount(customerId, 999);
    const command = await t.charge({ orderId, customerId, amount: 1_000 });

    const answers = await t.answersTo(command);
    expect(answers.map((a) => [a.type, a.payload])).toEqual([
      [PaymentFailed.type, { orderId, reason: 'insufficient funds' }],
    ]);
    expect(answers[0].headers).toEqual({ 'reply-saga-id': 'saga-1', 'reply-step': 'payment' });
    expect(await t.balance(customerId)).toBe(999);
    expect(await t.count('payment', `order_id = ${t.param(1)}`, [orderId])).toBe(0);
  });

  it('refuses with "unknown account" when the customer has none', async () => {
    const { orderId, customerId } = ids();
    const command = await t.charge({ orderId, customerId, amount: 1 });

    const answers = await t.answersTo(command);
    expect(answers.map((a) => [a.type, a.payload])).toEqual([
      [PaymentFailed.type, { orderId, reason: 'unknown account' }],
    ]);
    expect(await t.balance(customerId)).toBeNull();
  });

  it('charges an amount of zero', async () => {
    const { orderId, customerId } = ids();
    await t.setAccount(customerId, 0);
    const command = await t.charge({ orderId, customerId, amount: 0 });
    const [answer] = await t.answersTo(command);
    expect(answer.type).toBe(PaymentCompleted.type);
    expect(answer.payload).toMatchObject({ orderId, amount: 0 });
  });

  it('keeps amounts beyond 32 bits exact, up to the caps', async () => {
    const { orderId, customerId } = ids();
    await t.setAccount(customerId, MONEY_LIMITS.maxBalance);
    const amount = MONEY_LIMITS.maxOrderTotal - 1;
    const command = await t.charge({ orderId, customerId, amount });
    const [answer] = await t.answersTo(command);
    expect(answer.payload).toMatchObject({ amount });
    expect(await t.balance(customerId)).toBe(1);
  });

  it('a redelivered command (same envelope) takes the money once and answers once', async () => {
    const { orderId, customerId } = ids();
    await t.setAccount(customerId, 1_000);
    const command = t.chargeEnvelope({ orderId, customerId, amount: 300 });
    await t.charge(command.payload, command);
    await t.charge(command.payload, command);

    expect(await t.answersTo(command)).toHaveLength(1);
    expect(await t.balance(customerId)).toBe(700);
  });

  it('a repeated Charge (new message id) answers the recorded transaction and moves nothing', async () => {
    const { orderId, customerId } = ids();
    await t.setAccount(customerId, 1_000);
    const first = await t.charge({ orderId, customerId, amount: 300 });
    // Even with another amount: at most one charge per order, and it has been made.
    const again = await t.charge({ orderId, customerId, amount: 500 });

    const [original] = await t.answersTo(first);
    const [replayed] = await t.answersTo(again);
    expect(replayed.type).toBe(PaymentCompleted.type);
    expect(replayed.payload).toEqual(original.payload);
    expect(replayed.causationId).toBe(again.messageId);
    expect(await t.balance(customerId)).toBe(700);
    expect(await t.count('payment', `order_id = ${t.param(1)}`, [orderId])).toBe(1);
  });

  it('a repeated Charge after a refusal answers the same failure, even once funds arrived', async () => {
    const { orderId, customerId } = ids();
    await t.setAccount(customerId, 10);
    await t.charge({ orderId, customerId, amount: 50 });
    await t.setAccount(customerId, 1_000);
    const again = await t.charge({ orderId, customerId, amount: 50 });

    const [answer] = await t.answersTo(again);
    expect(answer.payload).toEqual({ orderId, reason: 'insufficient funds' });
    expect(await t.balance(customerId)).toBe(1_000);
  });

  it('a Charge after a Refund of the same order is refused with "order refunded"', async () => {
    const { orderId, customerId } = ids();
    await t.setAccount(customerId, 1_000);
    await t.refund({ orderId });
    const late = await t.charge({ orderId, customerId, amount: 100 });

    const answers = await t.answersTo(late);
    expect(answers.map((a) => [a.type, a.payload])).toEqual([
      [PaymentFailed.type, { orderId, reason: 'order refunded' }],
    ]);
    expect(answers[0].headers).toEqual({ 'reply-saga-id': 'saga-1', 'reply-step': 'payment' });
    expect(await t.balance(customerId)).toBe(1_000);
  });

  it.each([
    ['negative', -1],
    ['fractional', 10.5],
    ['unsafe', Number.MAX_SAFE_INTEGER + 1],
    ['textual', '10'],
  ])('refuses a %s amount with INVALID_MESSAGE and records nothing', async (_name, amount) => {
    const { orderId, customerId } = ids();
    await t.setAccount(customerId, 1_000);
    const command = t.chargeEnvelope({ orderId, customerId, amount: amount as number });

    const error = await t.charge(command.payload, command).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodedError);
    expect(error).toMatchObject({ code: 'INVALID_MESSAGE', retryable: false });
    expect(await t.answersTo(command)).toEqual([]);
    expect(await t.count('inbox_message', `message_id = ${t.param(1)}`, [command.messageId])).toBe(
      0,
    );
    expect(await t.balance(customerId)).toBe(1_000);
  });

  it('is wired to Charge.type through its message controller', async () => {
    const { orderId, customerId } = ids();
    await t.setAccount(customerId, 100);
    const command = t.chargeEnvelope({ orderId, customerId, amount: 60 }, SAGA_HEADERS);
    await t.app
      .get(ChargeMessageController)
      .handle(command.payload, new RailyardContext([command]));

    const [answer] = await t.answersTo(command);
    expect(answer.type).toBe(PaymentCompleted.type);
    expect(await t.balance(customerId)).toBe(40);
  });
});
