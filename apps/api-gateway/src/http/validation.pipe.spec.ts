import { BadRequestException } from '@nestjs/common';
import { isDeliberateAnswer, isRetryable } from '@railyard/resilience';
import { IsString, ValidateBy } from 'class-validator';
import { gatewayValidationPipe } from './validation.pipe';

class Named {
  @IsString()
  name!: string;
}

class Crashing {
  @ValidateBy({
    name: 'crashes',
    validator: {
      validate: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'length')");
      },
    },
  })
  value!: number;
}

const body = (metatype: new () => unknown) => ({ type: 'body' as const, metatype });

describe('gatewayValidationPipe', () => {
  const pipe = gatewayValidationPipe();

  it('names every bad field in a 400', async () => {
    const error = await pipe.transform({ name: 1 }, body(Named)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestException);
    expect((error as BadRequestException).getResponse()).toMatchObject({
      details: { fields: [{ field: 'name' }] },
    });
  });

  it("a validator that crashes stays an error, but not the downstream's: no breaker count, no retry", async () => {
    const error = await pipe.transform({ value: 1 }, body(Crashing)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(isDeliberateAnswer(error)).toBe(true);
    expect(isRetryable(error)).toBe(false);
  });
});
