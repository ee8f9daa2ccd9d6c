import fc from 'fast-check';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const retry = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 2_000 };

  it('doubles per attempt with jitter in [half, full] of the window, capped', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (attempt, r) => {
          const window = Math.min(2_000, 100 * 2 ** (attempt - 1));
          const delay = backoffDelay(attempt, retry, () => r);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(window / 2));
          expect(delay).toBeLessThanOrEqual(window);
        },
      ),
    );
  });

  it('grows: attempt 1 waits ~base, attempt 4 ~8x base', () => {
    expect(backoffDelay(1, retry, () => 1)).toBe(100);
    expect(backoffDelay(4, retry, () => 1)).toBe(800);
    expect(backoffDelay(20, retry, () => 1)).toBe(2_000);
  });
});
