import { PaymentCompleted, PaymentFailed } from '@railyard/contracts';
import { Envelope } from '@railyard/messaging';
import { DATABASE_KINDS } from '../../../../test/support/database';
import { PaymentTestApp } from '../testing/payment-test-app';

jest.setTimeout(60_000);

/**
 * Racing commands, as a busy saga and an at-least-once bus produce them. PostgreSQL is where
 * they really run in parallel (row locks, unique keys); SQLite must give the same answers.
 */
describe.each(DATABASE_KINDS)('concurrent payment commands on %s', (kind) => {
  let t: PaymentTestApp;

  beforeAll(async () => {
    t = await PaymentTestApp.start(kind);
    // Expected unique-key races are logged by TypeORM before they are retried.
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t?.close();
  });

  /** The one answer to each command, in the commands' order. */
  async function answers(commands: Envelope[]): Promise<Envelope[]> {
    const emitted = await t.emitted();
    return commands.map((command) => {
      const own = emitted.filter((event) => event.causationId === command.messageId);
      expect(own).toHaveLength(1);
      return own[0];
    });
  }

  it('20 charges of 20 orders against a balance for exactly 10: 10 succeed, balance 0', async () => {
    await t.setAccount('rush', 2_500);
    const commands = Array.from({ length: 20 }, (_, i) =>
      t.chargeEnvelope({ orderId: `rush-${i}`, customerId: 'rush', amount: 250 }),
    );
    const settled = await Promise.allSettled(commands.map((c) => t.charge(c.payload, c)));
    expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);

    const replies = await answers(commands);
    const completed = replies.filter((r) => r.type === PaymentCompleted.type);
    const failed = replies.filter((r) => r.type === PaymentFailed.type);
    expect(completed).toHaveLength(10);
    expect(failed.map((r) => r.payload)).toEqual(
      failed.map((r) => ({ orderId: r.aggregateId, reason: 'insufficient funds' })),
    );
    expect(await t.balance('rush')).toBe(0);
    expect(await t.count('payment', `customer_id = ${t.param(1)}`, ['rush'])).toBe(10);
  });

  it('10 repeated Charges of one order (new message ids) at once: one charge, one transaction', async () => {
    await t.setAccount('dup', 1_000);
    const commands = Array.from({ length: 10 }, () =>
      t.chargeEnvelope({ orderId: 'dup-order', customerId: 'dup', amount: 100 }),
    );
    await Promise.all(commands.map((c) => t.charge(c.payload, c)));

    const replies = await answers(commands);
    expect(new Set(replies.map((r) => r.type))).toEqual(new Set([PaymentCompleted.type]));
    expect(new Set(replies.map((r) => JSON.stringify(r.payload))).size).toBe(1);
    expect(await t.balance('dup')).toBe(900);
    expect(await t.count('payment', `order_id = ${t.param(1)}`, ['dup-order'])).toBe(1);
  });

  it('10 deliveries of the same Charge envelope at once: one effect, one answer', async () => {
    await t.setAccount('redelivered', 1_000);
    const command = t.chargeEnvelope({
      orderId: 'redelivered-order',
      customerId: 'redelivered',
      amount: 100,
    });
    await Promise.all(Array.from({ length: 10 }, () => t.charge(command.payload, command)));

    expect(await t.answersTo(command)).toHaveLength(1);
    expect(await t.balance('redelivered')).toBe(900);
  });

  it('10 repeated Charges for an unknown account at once: one decision, the same failure', async () => {
    const commands = Array.from({ length: 10 }, () =>
      t.chargeEnvelope({ orderId: 'ghost-order', customerId: 'ghost', amount: 1 }),
    );
    await Promise.all(commands.map((c) => t.charge(c.payload, c)));

    expect((await answers(commands)).map((r) => r.payload)).toEqual(
      commands.map(() => ({ orderId: 'ghost-order', reason: 'unknown account' })),
    );
    expect(await t.count('payment_decision', `order_id = ${t.param(1)}`, ['ghost-order'])).toBe(1);
  });

  it('10 repeated Refunds of one charged order at once: money back once, the same answer', async () => {
    await t.setAccount('back', 1_000);
    await t.charge({ orderId: 'back-order', customerId: 'back', amount: 400 });
    const commands = Array.from({ length: 10 }, () => t.refundEnvelope({ orderId: 'back-order' }));
    await Promise.all(commands.map((c) => t.refund(c.payload, c)));

    const replies = await answers(commands);
    expect(new Set(replies.map((r) => JSON.stringify(r.payload))).size).toBe(1);
    expect(replies[0].payload).toMatchObject({ orderId: 'back-order', amount: 400 });
    expect(await t.balance('back')).toBe(1_000);
  });

  it('Charge and Refund racing on 10 orders: either charged then refunded, or voided', async () => {
    await t.setAccount('racer', 10_000);
    const orders = Array.from({ length: 10 }, (_, i) => `race-${i}`);
    const charges = orders.map((orderId) =>
      t.chargeEnvelope({ orderId, customerId: 'racer', amount: 700 }),
    );
    const refunds = orders.map((orderId) => t.refundEnvelope({ orderId }));
    await Promise.all([
      ...charges.map((c) => t.charge(c.payload, c)),
      ...refunds.map((r) => t.refund(r.payload, r)),
    ]);

    const charged = await answers(charges);
    const refunded = await answers(refunds);
    orders.forEach((orderId, i) => {
      if (charged[i].type === PaymentCompleted.type) {
        expect(refunded[i].payload).toMatchObject({ orderId, amount: 700 });
      } else {
        expect(charged[i].payload).toEqual({ orderId, reason: 'order refunded' });
        expect(refunded[i].payload).toEqual({ orderId, amount: 0 });
      }
    });
    // Whatever the interleaving, every cent taken was given back.
    expect(await t.balance('racer')).toBe(10_000);
  });
});
