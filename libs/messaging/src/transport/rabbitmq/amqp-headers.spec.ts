import { amqpTimestamp, toWireHeaders } from './amqp-headers';

describe('toWireHeaders', () => {
  it('keeps strings, stringifies scalars and byte arrays, drops nested tables', () => {
    const raw: Record<string, unknown> = {
      'rl-type': 'order.placed',
      count: 3,
      flag: true,
      big: BigInt(7),
      bytes: Buffer.from('hi'),
      'x-death': [{ count: 1 }],
      nested: { a: 1 },
      nothing: null,
    };
    const headers = toWireHeaders(raw);
    expect(headers).toEqual({
      'rl-type': 'order.placed',
      count: '3',
      flag: 'true',
      big: '7',
      bytes: 'hi',
    });
  });

  it('skips a __proto__ header instead of swapping the prototype', () => {
    const raw = JSON.parse('{"__proto__": "x", "rl-type": "t"}') as Record<string, unknown>;
    const headers = toWireHeaders(raw);
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
    expect(Object.keys(headers)).toEqual(['rl-type']);
  });

  it('accepts missing headers', () => {
    expect(toWireHeaders(undefined)).toEqual({});
  });
});

describe('amqpTimestamp', () => {
  it('is whole seconds, undefined for a non-date', () => {
    expect(amqpTimestamp('2024-01-01T00:00:01.999Z')).toBe(1_704_067_201);
    expect(amqpTimestamp('not a date')).toBeUndefined();
  });
});
