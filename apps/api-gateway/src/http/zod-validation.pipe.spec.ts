import { BadRequestException } from '@nestjs/common';
import { isDeliberateAnswer, isRetryable } from '@railyard/resilience';
import { z } from 'zod/v4';
import { ZodValidationPipe } from './zod-validation.pipe';

const line = z.strictObject({ sku: z.string().min(1), quantity: z.number().int().min(1).max(10) });
const order = z.strictObject({ customerId: z.string().max(5), items: z.array(line).min(1) });
const pipe = new ZodValidationPipe(order);

/** What the pipe throws for `value`, or fails the test when it accepts it. */
function refusal(value: unknown, through: ZodValidationPipe<z.ZodType> = pipe): unknown {
  try {
    through.transform(value);
  } catch (error) {
    return error;
  }
  throw new Error(`accepted ${JSON.stringify(value)}`);
}

/** The `details.fields` of the 400 the pipe answers `value` with. */
function fields(value: unknown) {
  const error = refusal(value);
  expect(error).toBeInstanceOf(BadRequestException);
  const body = (error as BadRequestException).getResponse() as {
    details: { fields: Array<{ field: string; problems: string[] }> };
  };
  return body.details.fields;
}

describe('ZodValidationPipe', () => {
  it('hands the handler what the schema outputs', () => {
    const valid = { customerId: 'c-1', items: [{ sku: 'S', quantity: 2 }] };
    expect(pipe.transform(valid)).toEqual(valid);
    const doubled = new ZodValidationPipe(
      z.strictObject({ n: z.number().transform((n) => n * 2) }),
    );
    expect(doubled.transform({ n: 2 })).toEqual({ n: 4 });
  });

  it('answers 400 in the gateway error shape, naming every bad field at once by its path', () => {
    const error = refusal({ customerId: 'too-long', items: [{ sku: '', quantity: 11 }, {}] });
    expect(error).toBeInstanceOf(BadRequestException);
    expect((error as BadRequestException).getResponse()).toEqual({
      message: 'the request is invalid',
      details: {
        fields: [
          { field: 'customerId', problems: ['must be at most 5 characters'] },
          { field: 'items.0.sku', problems: ['must not be empty'] },
          { field: 'items.0.quantity', problems: ['must not be greater than 10'] },
          { field: 'items.1.sku', problems: ['is required'] },
          { field: 'items.1.quantity', problems: ['is required'] },
        ],
      },
    });
  });

  it('refuses an unknown property, at any depth, as a field of its own', () => {
    const valid = { customerId: 'c-1', items: [{ sku: 'S', quantity: 1 }] };
    expect(fields({ ...valid, admin: true })).toEqual([
      { field: 'admin', problems: ['is not allowed'] },
    ]);
    expect(fields({ ...valid, items: [{ sku: 'S', quantity: 1, price: 0, note: '' }] })).toEqual([
      { field: 'items.0.price', problems: ['is not allowed'] },
      { field: 'items.0.note', problems: ['is not allowed'] },
    ]);
  });

  it('converts nothing implicitly: text is not a number, a number is not text', () => {
    expect(fields({ customerId: 7, items: [{ sku: 'S', quantity: '1' }] })).toEqual([
      { field: 'customerId', problems: ['must be a string'] },
      { field: 'items.0.quantity', problems: ['must be a number'] },
    ]);
    expect(fields({ customerId: 'c', items: [{ sku: 'S', quantity: 1.5 }] })).toEqual([
      { field: 'items.0.quantity', problems: ['must be an integer'] },
    ]);
  });

  it('names the value as a whole with an empty field: a missing body, a list, an empty list', () => {
    expect(fields(undefined)).toEqual([{ field: '', problems: ['is required'] }]);
    expect(fields([])).toEqual([{ field: '', problems: ['must be an object'] }]);
    expect(fields({ customerId: 'c', items: [] })).toEqual([
      { field: 'items', problems: ['must contain at least 1 item'] },
    ]);
  });

  it('refuses a body that is not JSON whole, not byte by byte as unknown properties', () => {
    expect(fields(Buffer.from('customerId=c'))).toEqual([
      { field: '', problems: ['must be JSON'] },
    ]);
    // Path parameters and urlencoded bodies come as objects without a prototype.
    const params = Object.assign(Object.create(null) as object, { customerId: 'c', items: 1 });
    expect(fields(params)).toEqual([{ field: 'items', problems: ['must be an array'] }]);
  });

  it('keeps the message a schema sets itself', () => {
    const even = new ZodValidationPipe(
      z.strictObject({ n: z.number().refine((n) => n % 2 === 0, { message: 'must be even' }) }),
    );
    expect(refusal({ n: 3 }, even)).toMatchObject({
      response: { details: { fields: [{ field: 'n', problems: ['must be even'] }] } },
    });
  });

  it("a schema that crashes stays an error, but not the downstream's: no breaker count, no retry", () => {
    const crashing = new ZodValidationPipe(
      z.strictObject({
        value: z.number().refine(() => {
          throw new TypeError("Cannot read properties of undefined (reading 'length')");
        }),
      }),
    );
    const error = refusal({ value: 1 }, crashing);
    expect(error).toBeInstanceOf(TypeError);
    expect(isDeliberateAnswer(error)).toBe(true);
    expect(isRetryable(error)).toBe(false);
  });
});
