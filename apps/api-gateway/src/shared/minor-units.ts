import { BadRequestException } from '@nestjs/common';
import { MinorUnits, toMinorUnits } from '@railyard/contracts';

/** An amount from a request, in cents; one that is not a whole number of cents is the client's 400. */
export function requestAmount(amount: number, field: string): MinorUnits {
  try {
    return toMinorUnits(amount);
  } catch (error) {
    throw new BadRequestException({
      message: 'the request is invalid',
      details: { fields: [{ field, problems: [(error as Error).message] }] },
    });
  }
}
