import { MONEY_LIMITS } from '../money';
import { Charge, Refund, SetAccount } from './payment.messages';

/** Whether the contract's schema refuses the payload (the bus answers INVALID_MESSAGE). */
function refused(schema: { safeParse(value: unknown): { success: boolean } }, payload: unknown) {
  return !schema.safeParse(payload).success;
}

describe('payment contracts', () => {
  const charge = { orderId: 'o-1', customerId: 'c-1', amount: 1234 };

  it('accepts a well-formed Charge, Refund and SetAccount', () => {
    expect(Charge.payload.parse(charge)).toEqual(charge);
    expect(Charge.payload.parse({ ...charge, amount: 0 })).toEqual({
      ...charge,
      amount: 0,
    });
    expect(Refund.payload.parse({ orderId: 'o-1' })).toEqual({ orderId: 'o-1' });
    expect(SetAccount.payload.parse({ customerId: 'c', balance: 5 })).toEqual({
      customerId: 'c',
      balance: 5,
    });
  });

  it.each([
    ['a negative amount', -1],
    ['a fraction of a cent', 12.5],
    ['an amount beyond exact integers', Number.MAX_SAFE_INTEGER + 1],
    ['an amount as text', '1234'],
    ['no amount', undefined],
    ['NaN', NaN],
  ])('refuses %s', (_name, amount) => {
    expect(refused(Charge.payload, { ...charge, amount })).toBe(true);
  });

  it('refuses missing, empty or over-long ids and a non-object payload', () => {
    for (const payload of [
      { ...charge, orderId: '' },
      { ...charge, customerId: undefined },
      { ...charge, orderId: 'x'.repeat(65) },
      null,
      'charge',
    ]) {
      expect(refused(Charge.payload, payload)).toBe(true);
    }
    expect(refused(Refund.payload, {})).toBe(true);
  });

  it('refuses a negative or fractional balance', () => {
    for (const balance of [-1, 0.01]) {
      expect(refused(SetAccount.payload, { customerId: 'c', balance })).toBe(true);
    }
  });

  it("holds the contracts' caps: a balance up to maxBalance, a charge up to maxOrderTotal", () => {
    const { maxBalance, maxOrderTotal } = MONEY_LIMITS;
    const setTo = (balance: number) => refused(SetAccount.payload, { customerId: 'c', balance });
    expect(setTo(maxBalance)).toBe(false);
    expect(setTo(maxBalance + 1)).toBe(true);
    expect(refused(Charge.payload, { ...charge, amount: maxOrderTotal })).toBe(false);
    expect(refused(Charge.payload, { ...charge, amount: maxOrderTotal + 1 })).toBe(true);
  });
});
