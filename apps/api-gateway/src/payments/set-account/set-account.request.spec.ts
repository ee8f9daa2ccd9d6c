import { BadRequestException } from '@nestjs/common';
import { fromMinorUnits, MONEY_LIMITS, SetAccount } from '@railyard/contracts';
import { ZodValidationPipe } from '../../http/zod-validation.pipe';
import { setAccountRequest } from './set-account.request';

const pipe = new ZodValidationPipe(setAccountRequest);
const account = (balance: unknown) => ({ customerId: 'customer-1', balance });
const maxBalance = fromMinorUnits(MONEY_LIMITS.maxBalance);

describe('POST /payments/accounts body (derived from SetAccount)', () => {
  it('parses a balance up to the cap into the SetAccount payload, in minor units', () => {
    const parsed = pipe.transform(account(maxBalance));
    expect(parsed).toEqual({ customerId: 'customer-1', balance: MONEY_LIMITS.maxBalance });
    expect(SetAccount.payload.parse(parsed)).toEqual(parsed);
  });

  it.each([
    [maxBalance + 0.01, `must not be greater than ${maxBalance}`],
    [1.001, 'must have at most 2 decimal places'],
    ['10', 'must be a number'],
  ])('refuses the balance %p, naming the problem', (balance, problem) => {
    const error = (() => {
      try {
        return pipe.transform(account(balance));
      } catch (refused) {
        return refused;
      }
    })();
    expect(error).toBeInstanceOf(BadRequestException);
    expect((error as BadRequestException).getResponse()).toEqual({
      message: 'the request is invalid',
      details: { fields: [{ field: 'balance', problems: [problem] }] },
    });
  });
});
