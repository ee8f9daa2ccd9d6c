import { RpcException } from '@nestjs/microservices';
import { toErrorShape } from './to-error-shape';

describe('toErrorShape', () => {
  it.each([
    ['an Error', new Error('boom'), { code: 'Error', message: 'boom' }],
    [
      'an Error with a code',
      Object.assign(new Error('no stock'), { code: 'OUT_OF_STOCK' }),
      { code: 'OUT_OF_STOCK', message: 'no stock' },
    ],
    ['a string', 'plain failure', { code: 'ERROR', message: 'plain failure' }],
    [
      'a plain object without message',
      { status: 'error' },
      { code: 'ERROR', message: '{"status":"error"}' },
    ],
    ['undefined', undefined, { code: 'ERROR', message: 'undefined' }],
    [
      'an RpcException of a string',
      new RpcException('denied'),
      { code: 'ERROR', message: 'denied' },
    ],
    [
      'an RpcException of an object',
      new RpcException({ code: 'UNKNOWN_SKU', message: 'sku-9' }),
      { code: 'UNKNOWN_SKU', message: 'sku-9' },
    ],
  ])('normalises %s', (_, thrown, shape) => {
    expect(toErrorShape(thrown)).toEqual(shape);
  });

  it('keeps details', () => {
    expect(toErrorShape({ code: 'X', message: 'm', details: { sku: 'a' } })).toEqual({
      code: 'X',
      message: 'm',
      details: { sku: 'a' },
    });
  });
});

describe('toErrorShape and permanence', () => {
  it('keeps retryable: false so the pipeline can dead-letter at once', () => {
    expect(toErrorShape({ code: 'INVALID', message: 'm', retryable: false })).toEqual({
      code: 'INVALID',
      message: 'm',
      retryable: false,
    });
    expect(toErrorShape({ code: 'X', message: 'm', retryable: true })).toEqual({
      code: 'X',
      message: 'm',
    });
  });
});
