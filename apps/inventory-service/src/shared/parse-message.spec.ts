import { z } from 'zod';
import { CodedError } from '@railyard/platform';
import { parseMessage } from './parse-message';

describe('parseMessage', () => {
  const schema = z.object({ orderId: z.string().min(1) });

  it('returns the parsed payload', () => {
    expect(parseMessage(schema, { orderId: 'o1' }, 't')).toEqual({ orderId: 'o1' });
  });

  it('throws a non-retryable INVALID_MESSAGE naming the type and the bad field', () => {
    let thrown: unknown;
    try {
      parseMessage(schema, { orderId: '' }, 'inventory.release-stock');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CodedError);
    expect(thrown).toMatchObject({ code: 'INVALID_MESSAGE', retryable: false });
    expect((thrown as Error).message).toMatch(/inventory\.release-stock.*orderId/);
  });

  it('rejects a payload that is not an object at all', () => {
    expect(() => parseMessage(schema, null, 't')).toThrow(/\(payload\)/);
  });
});
