import { InvalidMessageError, MessageTooLargeError } from '@railyard/messaging';
import { decidePublishFailure } from './publish-failure-decision';

const options = { retryBaseMs: 200, retryMaxMs: 30_000, parkAfterAttempts: 0 };
const NOW = Date.parse('2026-12-05T12:00:00.000Z');
const upper = () => 0.999_999;

describe('decidePublishFailure', () => {
  it('parks a message the bus refuses whatever the attempt', () => {
    expect(decidePublishFailure(new MessageTooLargeError(10, 5), 1, options, NOW)).toEqual({
      park: true,
      reason: 'message body is 10 bytes, over the 5-byte limit',
    });
    const bad = new InvalidMessageError('bad-envelope', 'no type');
    expect(decidePublishFailure(bad, 1, options, NOW)).toMatchObject({ park: true });
  });

  it('holds a transient failure back, doubling from the base up to the cap', () => {
    const at = (attempts: number) =>
      decidePublishFailure(new Error('nack'), attempts, options, NOW, upper);
    expect(at(1)).toEqual({ park: false, retryAfter: '2026-12-05T12:00:00.200Z' });
    expect(at(3)).toEqual({ park: false, retryAfter: '2026-12-05T12:00:00.800Z' });
    expect(at(40)).toEqual({ park: false, retryAfter: '2026-12-05T12:00:30.000Z' });
  });

  it('never parks a transient failure with OUTBOX_PARK_AFTER_ATTEMPTS=0, else parks at the limit', () => {
    expect(decidePublishFailure(new Error('nack'), 10_000, options, NOW).park).toBe(false);
    const limited = { ...options, parkAfterAttempts: 3 };
    expect(decidePublishFailure(new Error('nack'), 2, limited, NOW).park).toBe(false);
    expect(decidePublishFailure(new Error('nack'), 3, limited, NOW)).toEqual({
      park: true,
      reason: '3 attempts failed; last: nack',
    });
  });
});
