import { MONEY_LIMITS } from '@railyard/contracts';
import { CodedError } from '@railyard/platform';
import { chargeSchema } from '../charge/charge.schema';
import { refundSchema } from '../refund/refund.schema';
import { setAccountSchema } from '../set-account/set-account.schema';
import { parsePayload } from '@railyard/platform';

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
    return undefined;
  } catch (error) {
    return error instanceof CodedError ? error.code : 'not a CodedError';
  }
}

describe('payload validation', () => {
  const charge = { orderId: 'o-1', customerId: 'c-1', amount: 1234 };

  it('accepts a well-formed Charge, Refund and SetAccount', () => {
    expect(parsePayload(chargeSchema, charge)).toEqual(charge);
    expect(parsePayload(chargeSchema, { ...charge, amount: 0 })).toEqual({ ...charge, amount: 0 });
    expect(parsePayload(refundSchema, { orderId: 'o-1' })).toEqual({ orderId: 'o-1' });
    expect(parsePayload(setAccountSchema, { customerId: 'c', balance: 5 })).toEqual({
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
  ])('refuses %s with INVALID_MESSAGE', (_name, amount) => {
    expect(codeOf(() => parsePayload(chargeSchema, { ...charge, amount }))).toBe('INVALID_MESSAGE');
  });

  it('refuses missing, empty or over-long ids and a non-object payload', () => {
    for (const payload of [
      { ...charge, orderId: '' },
      { ...charge, customerId: undefined },
      { ...charge, orderId: 'x'.repeat(65) },
      null,
      'charge',
    ]) {
      expect(codeOf(() => parsePayload(chargeSchema, payload))).toBe('INVALID_MESSAGE');
    }
    expect(codeOf(() => parsePayload(refundSchema, {}))).toBe('INVALID_MESSAGE');
  });

  it('refuses a negative or fractional balance', () => {
    for (const balance of [-1, 0.01]) {
      expect(codeOf(() => parsePayload(setAccountSchema, { customerId: 'c', balance }))).toBe(
        'INVALID_MESSAGE',
      );
    }
  });

  it("holds the contracts' caps: a balance up to maxBalance, a charge up to maxOrderTotal", () => {
    const { maxBalance, maxOrderTotal } = MONEY_LIMITS;
    const setTo = (balance: number) => () =>
      parsePayload(setAccountSchema, { customerId: 'c', balance });
    expect(codeOf(setTo(maxBalance))).toBeUndefined();
    expect(codeOf(setTo(maxBalance + 1))).toBe('INVALID_MESSAGE');
    expect(codeOf(() => parsePayload(chargeSchema, { ...charge, amount: maxOrderTotal }))).toBe(
      undefined,
    );
    expect(codeOf(() => parsePayload(chargeSchema, { ...charge, amount: maxOrderTotal + 1 }))).toBe(
      'INVALID_MESSAGE',
    );
  });

  it('names the offending field and is not retryable (dead-lettered at once)', () => {
    try {
      parsePayload(chargeSchema, { ...charge, amount: -5 });
      fail('should have thrown');
    } catch (error) {
      expect((error as CodedError).message).toContain('amount');
      expect((error as CodedError).retryable).toBe(false);
    }
  });
});
