import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { fromMinorUnits, MONEY_LIMITS } from '@railyard/contracts';
import { createTestDatabase, TestDatabase } from '../support/database';
import { eventually, get, post } from '../support/gateway-http';
import { TestSystem } from '../support/system';

jest.setTimeout(180_000);

const BREAKER_FAILURES = 5;

/**
 * Money past 32 bits, end to end on PostgreSQL: order-service and payment-service on their own
 * databases, the gateway in front (TCP). 1,000 units at 30,000.00 is 3,000,000,000 cents, which an
 * INTEGER column refuses with 22003.
 */
describe('money on PostgreSQL through the api-gateway', () => {
  let system: TestSystem;
  let gateway: string;
  let orderDb: TestDatabase;
  let paymentDb: TestDatabase;
  const customerId = `money-${randomUUID().slice(0, 8)}`;
  const sku = `SKU-${randomUUID().slice(0, 8)}`;
  const bigOrder = { customerId, items: [{ sku, quantity: 1_000, unitPrice: 30_000 }] };

  /** One statement on order-service's database (its schema, as the test needs it). */
  async function onOrderDatabase<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: orderDb.env.ORDER_DATABASE_URL });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  const orderBreaker = async () =>
    (
      (await get(`${gateway}/health`)).body as {
        details: { resilience: { order: { breaker: { state: string } } } };
      }
    ).details.resilience.order.breaker.state;

  beforeAll(async () => {
    orderDb = await createTestDatabase('postgres', 'order');
    paymentDb = await createTestDatabase('postgres', 'payment');
    system = await TestSystem.create('tcp', {
      ...orderDb.env,
      ...paymentDb.env,
      RESILIENCE_BREAKER_FAILURES: String(BREAKER_FAILURES),
      THROTTLE_LIMIT: '100000',
    });
    await system.startAll();
    gateway = system.url('api-gateway');
  });
  afterAll(async () => {
    await system?.stopAll();
    await orderDb?.drop();
    await paymentDb?.drop();
  });

  it('answers a database data error with 422 DATA_REJECTED and never opens the order breaker', async () => {
    // The column as shipped before OrderTotalBigint: the bodies now reach a real 22003.
    await onOrderDatabase('ALTER TABLE customer_order ALTER COLUMN total TYPE integer');
    try {
      for (let i = 0; i < BREAKER_FAILURES; i++) {
        expect(await post(`${gateway}/orders`, bigOrder)).toMatchObject({
          status: 422,
          body: {
            statusCode: 422,
            error: 'Unprocessable Entity',
            message: expect.stringMatching(/^the database refused the data/),
            details: { code: 'DATA_REJECTED' },
          },
        });
      }
      expect(await orderBreaker()).toBe('closed');
      const normal = await post(`${gateway}/orders`, {
        customerId,
        items: [{ sku, quantity: 1, unitPrice: 10 }],
      });
      expect(normal).toMatchObject({ status: 202, body: { status: 'PENDING' } });
    } finally {
      await onOrderDatabase('ALTER TABLE customer_order ALTER COLUMN total TYPE bigint');
    }
  });

  it('accepts 1,000 x 30,000.00, stores 3,000,000,000 cents exactly and charges it', async () => {
    expect((await post(`${gateway}/inventory/products`, { sku, available: 2_000 })).status).toBe(
      201,
    );
    expect(
      (await post(`${gateway}/payments/accounts`, { customerId, balance: 30_000_000 })).status,
    ).toBe(201);

    const accepted = await post(`${gateway}/orders`, bigOrder);
    expect(accepted).toMatchObject({ status: 202, body: { status: 'PENDING' } });
    const { orderId } = accepted.body as { orderId: string };

    const stored = await onOrderDatabase<{ total: string }>(
      'SELECT total::text AS total FROM customer_order WHERE id = $1',
      [orderId],
    );
    expect(stored).toEqual([{ total: '3000000000' }]);

    const details = await eventually(async () => {
      const answer = await get(`${gateway}/orders/${orderId}`);
      const body = answer.body as { order: { status: string } };
      return body.order?.status === 'CONFIRMED' ? body : undefined;
    }, 60_000);
    expect(details).toMatchObject({
      order: { total: 30_000_000, items: [{ sku, quantity: 1_000, unitPrice: 30_000 }] },
      payment: { payments: [{ type: 'CHARGE', amount: 30_000_000 }] },
    });
    expect((await get(`${gateway}/payments/accounts/${customerId}`)).body).toEqual({
      customerId,
      balance: 0,
    });
  });

  it('refuses one cent above the order cap at the edge with a 400 naming the limit', async () => {
    const maxUnitPrice = fromMinorUnits(MONEY_LIMITS.maxUnitPrice);
    const answer = await post(`${gateway}/orders`, {
      customerId,
      items: [
        { sku, quantity: 100, unitPrice: maxUnitPrice },
        { sku: `${sku}-2`, quantity: 1, unitPrice: 0.01 },
      ],
    });
    expect(answer).toMatchObject({
      status: 400,
      body: {
        details: {
          fields: [
            {
              field: 'items',
              problems: [
                `the order total must not be greater than ${fromMinorUnits(MONEY_LIMITS.maxOrderTotal)}`,
              ],
            },
          ],
        },
      },
    });
  });
});
