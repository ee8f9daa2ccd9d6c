import {
  KafkaJSConnectionError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
} from 'kafkajs';
import { decodeKafkaHeaders } from './kafka-headers';
import { isPermanentKafkaError } from './kafka-error';

describe('decodeKafkaHeaders', () => {
  it('turns Buffers into strings and keeps the last of repeated headers', () => {
    const headers = decodeKafkaHeaders({
      a: Buffer.from('1'),
      b: [Buffer.from('first'), Buffer.from('last')],
      c: 'text',
      d: undefined,
    });
    expect(headers).toEqual({ a: '1', b: 'last', c: 'text' });
  });

  it('keeps a header named __proto__ as data, never as the prototype', () => {
    const headers = decodeKafkaHeaders({ ['__proto__']: Buffer.from('{"polluted":true}') });
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
    expect(Object.keys(headers)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts a message without headers', () => {
    expect(decodeKafkaHeaders(undefined)).toEqual({});
  });
});

describe('isPermanentKafkaError', () => {
  it('retries connection failures, also once kafkajs gave up on them', () => {
    const refused = new KafkaJSConnectionError('connect ECONNREFUSED');
    expect(isPermanentKafkaError(refused)).toBe(false);
    const exhausted = new KafkaJSNumberOfRetriesExceeded(refused, { cause: refused } as never);
    expect(isPermanentKafkaError(exhausted)).toBe(false);
  });

  it('does not retry what the broker refuses for good, or non-Kafka bugs', () => {
    const tooLarge = new KafkaJSProtocolError('MESSAGE_TOO_LARGE');
    Object.defineProperty(tooLarge, 'retriable', { value: false });
    expect(isPermanentKafkaError(tooLarge)).toBe(true);
    expect(isPermanentKafkaError(new TypeError('boom'))).toBe(true);
  });
});
