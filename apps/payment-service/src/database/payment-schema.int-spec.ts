import { DATABASE_KINDS } from '../../../../test/support/database';
import { PaymentTestApp } from '../testing/payment-test-app';

jest.setTimeout(30_000);

const NOW = new Date().toISOString();

// How each database words the violation of a named constraint.
const CHECK = (name: string) => new RegExp(`check constraint.*${name}`, 'i');
const UNIQUE_CHARGE = /payment_order_type_unique|UNIQUE constraint failed: payment\.order_id/;
const UNIQUE_DECISION = /payment_decision_pkey|UNIQUE constraint failed: payment_decision/;
const FOREIGN_KEY = /payment_decision_charge|FOREIGN KEY constraint failed/;

/** The database enforces the money rules by itself, whatever the code above it does. */
describe.each(DATABASE_KINDS)('payment schema on %s', (kind) => {
  let t: PaymentTestApp;

  beforeAll(async () => {
    t = await PaymentTestApp.start(kind);
    // TypeORM logs every failed query; here failing is the point.
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t?.close();
  });

  /** Runs `sql` (positional `?` parameters) and resolves to the error message, '' on success. */
  async function errorOf(sql: string, parameters: unknown[]): Promise<string> {
    let index = 0;
    const native = sql.replace(/\?/g, () => t.param(++index));
    return t.dataSource.query(native, parameters).then(
      () => '',
      (error: Error) => error.message,
    );
  }

  const insertAccount = (customerId: string, balance: number) =>
    errorOf('INSERT INTO account (customer_id, balance, updated_at) VALUES (?, ?, ?)', [
      customerId,
      balance,
      NOW,
    ]);
  const insertPayment = (id: string, orderId: string, type: string, amount: number) =>
    errorOf(
      'INSERT INTO payment (transaction_id, order_id, customer_id, type, amount, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      [id, orderId, 'c', type, amount, NOW],
    );
  const insertDecision = (orderId: string, status: string, transactionId: string | null) =>
    errorOf(
      'INSERT INTO payment_decision (order_id, status, reason, transaction_id, decided_at) VALUES (?, ?, ?, ?, ?)',
      [orderId, status, status === 'COMPLETED' ? null : 'order refunded', transactionId, NOW],
    );

  it('the entities match the migration (schema sync would change nothing)', async () => {
    const pending = await t.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('refuses a negative balance, even from a buggy write', async () => {
    expect(await insertAccount('negative', -1)).toMatch(CHECK('account_balance_not_negative'));
    expect(await insertAccount('empty', 0)).toBe('');
    expect(
      await errorOf('UPDATE account SET balance = balance - 1 WHERE customer_id = ?', ['empty']),
    ).toMatch(CHECK('account_balance_not_negative'));
  });

  it('allows one CHARGE and one REFUND per order, never a second of either', async () => {
    expect(await insertPayment('tx-a1', 'order-a', 'CHARGE', 10)).toBe('');
    expect(await insertPayment('tx-a2', 'order-a', 'REFUND', 10)).toBe('');
    expect(await insertPayment('tx-a3', 'order-a', 'CHARGE', 10)).toMatch(UNIQUE_CHARGE);
    expect(await insertPayment('tx-a4', 'order-a', 'REFUND', 10)).toMatch(UNIQUE_CHARGE);
  });

  it('refuses negative amounts and unknown payment types', async () => {
    expect(await insertPayment('tx-b1', 'order-b', 'CHARGE', -10)).toMatch(
      CHECK('payment_amount_not_negative'),
    );
    expect(await insertPayment('tx-b2', 'order-b', 'GIFT', 10)).toMatch(
      CHECK('payment_type_known'),
    );
  });

  it('allows one decision per order, and a COMPLETED one only with a real charge', async () => {
    expect(await insertDecision('order-c', 'VOIDED', null)).toBe('');
    expect(await insertDecision('order-c', 'VOIDED', null)).toMatch(UNIQUE_DECISION);
    expect(await insertDecision('order-d', 'COMPLETED', null)).toMatch(
      CHECK('payment_decision_completed_has_charge'),
    );
    expect(await insertDecision('order-e', 'COMPLETED', 'no-such-payment')).toMatch(FOREIGN_KEY);
    expect(await insertDecision('order-f', 'MAYBE', null)).toMatch(
      CHECK('payment_decision_status_known'),
    );
    expect(await insertPayment('tx-g', 'order-g', 'CHARGE', 10)).toBe('');
    expect(await insertDecision('order-g', 'COMPLETED', 'tx-g')).toBe('');
  });
});
