import { z } from 'zod/v4';
import { CodedError } from '../errors/coded.error';
import { parsePayload } from './parse-payload';

const schema = z.object({ orderId: z.string().min(1), quantity: z.number().int().positive() });

describe('parsePayload', () => {
  it('returns the parsed payload', () => {
    expect(parsePayload(schema, { orderId: 'o', quantity: 2 })).toEqual({
      orderId: 'o',
      quantity: 2,
    });
  });

  it('names every bad field in one permanent CodedError', () => {
    let error: unknown;
    try {
      parsePayload(
        schema,
        { orderId: '', quantity: 1.5 },
        { code: 'INVALID_ORDER', what: 'order' },
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CodedError);
    expect(error).toMatchObject({ code: 'INVALID_ORDER', retryable: false });
    expect((error as Error).message).toMatch(/^invalid order: orderId: .*; quantity: /);
  });

  it('refuses a payload that is not an object at all', () => {
    expect(() => parsePayload(schema, null)).toThrow(/invalid payload: \(payload\)/);
  });
});
