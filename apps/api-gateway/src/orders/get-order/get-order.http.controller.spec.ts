import { RequestContract } from '@railyard/contracts';
import { HttpException, Logger } from '@nestjs/common';
import { MessageBus, RemoteError } from '@railyard/messaging';
import {
  DEFAULT_RESILIENCE_SETTINGS,
  ResilienceRegistry,
  ResilientBus,
} from '@railyard/resilience';
import { ANONYMOUS_ADMIN, Principal } from '../../auth/principal';
import { GetOrderHttpController } from './get-order.http.controller';
import { OrderDetailsReader } from './order-details.reader';

const order = {
  id: 'o-1',
  customerId: 'c-1',
  items: [{ sku: 'SKU-1', quantity: 2, unitPrice: 1050 }],
  total: 2100,
  status: 'PENDING',
  createdAt: '2026-11-28T00:00:00.000Z',
  updatedAt: '2026-11-28T00:00:00.000Z',
};
const reservation = { orderId: 'o-1', status: 'RESERVED', items: [{ sku: 'SKU-1', quantity: 2 }] };
const payments = [{ type: 'CHARGE', amount: 2100, transactionId: 't-1', createdAt: 'now' }];

type Answer = () => Promise<unknown>;
const hang: Answer = () => new Promise(() => undefined);
const notFound =
  (code: string): Answer =>
  () =>
    Promise.reject(new RemoteError('x', code, 'none'));

describe('GET /orders/:id', () => {
  let answers: Record<string, Answer>;
  let headers: Record<string, string>;
  let controller: GetOrderHttpController;

  beforeEach(() => {
    jest.useFakeTimers();
    answers = {
      order: async () => order,
      inventory: async () => reservation,
      payment: async () => payments,
    };
    headers = {};
    const bus = {
      request: (contract: RequestContract) => answers[contract.service](),
    } as unknown as MessageBus;
    const registry = ResilienceRegistry.fromSettings(
      {
        order: DEFAULT_RESILIENCE_SETTINGS,
        inventory: DEFAULT_RESILIENCE_SETTINGS,
        payment: DEFAULT_RESILIENCE_SETTINGS,
      },
      new Logger('test'),
    );
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    controller = new GetOrderHttpController(
      new OrderDetailsReader(new ResilientBus(registry, bus)),
    );
  });
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  async function call(principal: Principal = ANONYMOUS_ADMIN) {
    const answer = controller
      .get({ orderId: 'o-1' }, { setHeader: (name, value) => (headers[name] = value) }, principal)
      .then(
        (body) => ({ body }),
        (error: HttpException) => ({ status: error.getStatus(), error: error.getResponse() }),
      );
    await jest.advanceTimersByTimeAsync(2_000);
    return answer;
  }

  it('joins the three parts, amounts in major units', async () => {
    expect(await call()).toEqual({
      body: {
        order: {
          id: 'o-1',
          customerId: 'c-1',
          items: [{ sku: 'SKU-1', quantity: 2, unitPrice: 10.5 }],
          total: 21,
          status: 'PENDING',
        },
        inventory: { status: 'RESERVED', items: [{ sku: 'SKU-1', quantity: 2 }] },
        payment: {
          payments: [{ type: 'CHARGE', amount: 21, transactionId: 't-1', createdAt: 'now' }],
        },
      },
    });
  });

  it('leaves out a part whose service hangs, within its budget, and names it', async () => {
    answers.payment = hang;
    const started = Date.now();
    const { body } = (await call()) as unknown as { body: Record<string, unknown> };
    expect(body.degraded).toEqual(['payment']);
    expect(body.payment).toBeUndefined();
    expect(headers['Server-Timing']).toMatch(/payment;dur=[\d.]+;desc="timeout"/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(DEFAULT_RESILIENCE_SETTINGS.budgetMs);
  });

  it('leaves out a part its service does not have, without calling it degraded', async () => {
    answers.inventory = notFound('RESERVATION_NOT_FOUND');
    const { body } = (await call()) as unknown as { body: Record<string, unknown> };
    expect(body.inventory).toBeUndefined();
    expect(body.degraded).toBeUndefined();
  });

  it('answers 404 for an unknown order', async () => {
    answers.order = notFound('ORDER_NOT_FOUND');
    answers.payment = hang;
    expect(await call()).toMatchObject({
      status: 404,
      error: { details: { code: 'ORDER_NOT_FOUND' } },
    });
  });

  it("answers 403 to another customer's token, and the order to its own", async () => {
    expect(await call({ subject: 'c-2', role: 'customer' })).toMatchObject({
      status: 403,
      error: { details: { code: 'NOT_YOUR_RESOURCE' } },
    });
    expect(await call({ subject: 'c-1', role: 'customer' })).toMatchObject({
      body: { order: { id: 'o-1', customerId: 'c-1' } },
    });
  });

  it('answers 503 without the order, with what it has', async () => {
    answers.order = () => Promise.reject(new Error('ECONNRESET'));
    expect(await call()).toMatchObject({
      status: 503,
      error: { details: { degraded: ['order'], payment: { payments: [{ amount: 21 }] } } },
    });
  });

  it('shows a customer none of the parts of an order whose owner it cannot tell', async () => {
    answers.order = () => Promise.reject(new Error('ECONNRESET'));
    const answer = (await call({ subject: 'c-2', role: 'customer' })) as {
      status: number;
      error: { details: Record<string, unknown> };
    };
    expect(answer.status).toBe(503);
    expect(answer.error.details).toEqual({ degraded: ['order'] });
  });
});
