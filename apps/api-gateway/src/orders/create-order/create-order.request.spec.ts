import { BadRequestException } from '@nestjs/common';
import { CreateOrder, fromMinorUnits, MONEY_LIMITS, TEXT_ID_MAX_LENGTH } from '@railyard/contracts';
import { ZodValidationPipe } from '../../http/zod-validation.pipe';
import { createOrderRequest } from './create-order.request';

const pipe = new ZodValidationPipe(createOrderRequest);

/** The problems the gateway answers for a body, by field ([] when it is accepted). */
function problems(body: unknown) {
  try {
    pipe.transform(body);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    const response = (error as BadRequestException).getResponse() as {
      details: { fields: Array<{ field: string; problems: string[] }> };
    };
    return response.details.fields;
  }
}

const order = (items: unknown[], customerId = 'customer-1') => ({ customerId, items });
const line = (quantity: number, unitPrice: unknown, sku = 'SKU-1') => ({
  sku,
  quantity,
  unitPrice,
});
const maxUnitPrice = fromMinorUnits(MONEY_LIMITS.maxUnitPrice);
const maxOrderTotal = fromMinorUnits(MONEY_LIMITS.maxOrderTotal);

describe('POST /orders body (derived from CreateOrder)', () => {
  it('parses into the CreateOrder payload, prices in minor units', () => {
    const parsed = pipe.transform(order([line(2, 10.5), line(1, 0.29, 'SKU-2')]));
    expect(parsed).toEqual({
      customerId: 'customer-1',
      items: [
        { sku: 'SKU-1', quantity: 2, unitPrice: 1050 },
        { sku: 'SKU-2', quantity: 1, unitPrice: 29 },
      ],
    });
    expect(CreateOrder.payload.safeParse(parsed).success).toBe(true);
  });

  it('accepts 1,000 x 30,000.00 and the largest order allowed', () => {
    expect(problems(order([line(1_000, 30_000)]))).toEqual([]);
    expect(problems(order([line(100, maxUnitPrice)]))).toEqual([]);
  });

  it('refuses a total above the cap with a 400 naming the limit, in major units', () => {
    expect(problems(order([line(100, maxUnitPrice), line(1, 0.01, 'SKU-2')]))).toEqual([
      { field: 'items', problems: [`the order total must not be greater than ${maxOrderTotal}`] },
    ]);
  });

  it('leaves the total to the lines when a line is bad itself', () => {
    expect(problems(order([line(100, maxUnitPrice), line(1, -1, 'SKU-2')]))).toEqual([
      { field: 'items.1.unitPrice', problems: ['must not be less than 0'] },
    ]);
  });

  it('refuses a unit price, a quantity, a line count and an id above their caps, naming each', () => {
    expect(problems(order([line(1, maxUnitPrice + 0.01)]))).toEqual([
      { field: 'items.0.unitPrice', problems: [`must not be greater than ${maxUnitPrice}`] },
    ]);
    expect(problems(order([line(MONEY_LIMITS.maxQuantity + 1, 1)]))).toEqual([
      {
        field: 'items.0.quantity',
        problems: [`must not be greater than ${MONEY_LIMITS.maxQuantity}`],
      },
    ]);
    const lines = Array.from({ length: MONEY_LIMITS.maxLines + 1 }, (_, i) => line(1, 1, `S-${i}`));
    expect(problems(order(lines))).toEqual([
      { field: 'items', problems: [`must contain at most ${MONEY_LIMITS.maxLines} items`] },
    ]);
    expect(problems(order([line(1, 1)], 'c'.repeat(TEXT_ID_MAX_LENGTH + 1)))).toEqual([
      { field: 'customerId', problems: [`must be at most ${TEXT_ID_MAX_LENGTH} characters`] },
    ]);
  });

  it.each([0, 1, 10.5, 0.29, 19.99, 1_000_000_000])('accepts the price %p', (price) => {
    expect(problems(order([line(1, price)]))).toEqual([]);
  });

  it.each([1e-7, 1.001, 0.005, 2.5e-3, 5e-9])(
    'refuses the price %p as more than two decimals',
    (price) => {
      expect(problems(order([line(1, price)]))).toEqual([
        { field: 'items.0.unitPrice', problems: ['must have at most 2 decimal places'] },
      ]);
    },
  );

  it('refuses a negative price in exponent notation (-5e-323) without throwing', () => {
    expect(problems(order([line(1, -5e-323)]))).toEqual([
      { field: 'items.0.unitPrice', problems: ['must not be less than 0'] },
    ]);
  });

  it.each([NaN, Infinity, '10', null])('refuses the price %p as not a number', (price) => {
    expect(problems(order([line(1, price)]))).toEqual([
      { field: 'items.0.unitPrice', problems: ['must be a number'] },
    ]);
  });

  it('refuses an unknown property, the idempotency key included (it is a header)', () => {
    expect(problems({ ...order([line(1, 1)]), idempotencyKey: 'k-1', admin: true })).toEqual([
      { field: 'idempotencyKey', problems: ['is not allowed'] },
      { field: 'admin', problems: ['is not allowed'] },
    ]);
  });
});
