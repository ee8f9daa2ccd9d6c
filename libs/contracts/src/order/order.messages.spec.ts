import { z } from 'zod/v4';
import { MONEY_LIMITS } from '../money';
import { CreateOrder, orderLinesOf } from './order.messages';

const line = (quantity: number, unitPrice: number, sku = 'SKU-1') => ({ sku, quantity, unitPrice });
const messages = (result: { error?: z.ZodError }) =>
  result.error?.issues.map((issue) => issue.message) ?? [];

describe('order lines', () => {
  const largest = [line(100, MONEY_LIMITS.maxUnitPrice)];
  const overCap = [...largest, line(1, 1, 'SKU-2')];

  it('CreateOrder caps the total of its lines, in minor units', () => {
    const order = (items: unknown[]) => CreateOrder.payload.safeParse({ customerId: 'c', items });
    expect(order(largest).success).toBe(true);
    expect(messages(order(overCap))).toEqual([
      `the order total must be at most ${MONEY_LIMITS.maxOrderTotal} minor units`,
    ]);
  });

  it('orderLinesOf checks lines of another unit against the same caps, in its words', () => {
    // Lines in tenths of a cent, parsed into minor units as the gateway parses major units.
    const tenths = z.object({
      sku: z.string(),
      quantity: z.number(),
      unitPrice: z.number().transform((price) => price / 10),
    });
    const lines = orderLinesOf(tenths, 'too much');
    const inTenths = (items: ReturnType<typeof line>[]) =>
      items.map((item) => ({ ...item, unitPrice: item.unitPrice * 10 }));
    expect(lines.safeParse(inTenths(largest)).success).toBe(true);
    expect(messages(lines.safeParse(inTenths(overCap)))).toEqual(['too much']);
    expect(lines.safeParse([]).success).toBe(false);
    const tooMany = Array.from({ length: MONEY_LIMITS.maxLines + 1 }, () => line(1, 10));
    expect(lines.safeParse(tooMany).success).toBe(false);
  });
});
