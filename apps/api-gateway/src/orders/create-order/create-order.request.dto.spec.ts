import { BadRequestException } from '@nestjs/common';
import { fromMinorUnits, MONEY_LIMITS } from '@railyard/contracts';
import { gatewayValidationPipe } from '../../http/validation.pipe';
import { SetAccountRequest } from '../../payments/set-account/set-account.request.dto';
import { CreateOrderRequest } from './create-order.request.dto';

const pipe = gatewayValidationPipe();
const asBody = (metatype: new () => unknown) => ({ type: 'body' as const, metatype });

/** The problems the gateway answers for a body, by field ([] when it is accepted). */
async function problems(metatype: new () => unknown, value: unknown) {
  const error = await pipe.transform(value, asBody(metatype)).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error === undefined) return [];
  expect(error).toBeInstanceOf(BadRequestException);
  const response = (error as BadRequestException).getResponse() as {
    details: { fields: Array<{ field: string; problems: string[] }> };
  };
  return response.details.fields;
}

const order = (items: unknown[]) => ({ customerId: 'customer-1', items });
const line = (quantity: number, unitPrice: number, sku = 'SKU-1') => ({ sku, quantity, unitPrice });

describe('the edge caps of an order and an account (MONEY_LIMITS)', () => {
  const maxUnitPrice = fromMinorUnits(MONEY_LIMITS.maxUnitPrice);
  const maxOrderTotal = fromMinorUnits(MONEY_LIMITS.maxOrderTotal);

  it('accepts 1,000 x 30,000.00 and the largest order allowed', async () => {
    expect(await problems(CreateOrderRequest, order([line(1_000, 30_000)]))).toEqual([]);
    expect(await problems(CreateOrderRequest, order([line(100, maxUnitPrice)]))).toEqual([]);
  });

  it('refuses a total above the cap with a 400 naming the limit', async () => {
    const fields = await problems(
      CreateOrderRequest,
      order([line(100, maxUnitPrice), line(1, 0.01, 'SKU-2')]),
    );
    expect(fields).toEqual([
      {
        field: 'items',
        problems: [`the order total must not be greater than ${maxOrderTotal}`],
      },
    ]);
  });

  it('refuses a unit price, a quantity and a line count above their caps, naming each', async () => {
    const price = await problems(CreateOrderRequest, order([line(1, maxUnitPrice + 0.01)]));
    expect(price[0].problems).toContain(`unitPrice must not be greater than ${maxUnitPrice}`);
    const quantity = await problems(
      CreateOrderRequest,
      order([line(MONEY_LIMITS.maxQuantity + 1, 1)]),
    );
    expect(quantity[0].problems).toContain(
      `quantity must not be greater than ${MONEY_LIMITS.maxQuantity}`,
    );
    const lines = Array.from({ length: MONEY_LIMITS.maxLines + 1 }, (_, i) =>
      line(1, 1, `SKU-${i}`),
    );
    expect((await problems(CreateOrderRequest, order(lines)))[0].problems).toContain(
      `items must contain no more than ${MONEY_LIMITS.maxLines} elements`,
    );
  });

  it('accepts a balance up to the cap and refuses one cent more, naming the limit', async () => {
    const maxBalance = fromMinorUnits(MONEY_LIMITS.maxBalance);
    const account = (balance: number) => ({ customerId: 'customer-1', balance });
    expect(await problems(SetAccountRequest, account(maxBalance))).toEqual([]);
    expect(await problems(SetAccountRequest, account(maxBalance + 0.01))).toEqual([
      { field: 'balance', problems: [`balance must not be greater than ${maxBalance}`] },
    ]);
  });
});
