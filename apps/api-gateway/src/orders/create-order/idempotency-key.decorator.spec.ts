import { BadRequestException } from '@nestjs/common';
import { parseIdempotencyKey } from './idempotency-key.decorator';

describe('parseIdempotencyKey', () => {
  it('accepts no key, or 1 to 128 visible characters', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
    expect(parseIdempotencyKey('order-2026-11-28#1')).toBe('order-2026-11-28#1');
    expect(parseIdempotencyKey('k'.repeat(128))).toBe('k'.repeat(128));
  });

  it.each(['', 'with space', 'k'.repeat(129), 'é', ['a', 'b']])('refuses %j with 400', (key) => {
    expect(() => parseIdempotencyKey(key)).toThrow(BadRequestException);
  });
});
