import { isoNow } from './iso-now';

describe('isoNow', () => {
  afterEach(() => jest.restoreAllMocks());

  it('is the ISO text of the current millisecond, and follows the clock', () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(Date.UTC(2026, 11, 7, 15, 30, 0, 123));
    expect(isoNow()).toBe('2026-12-07T15:30:00.123Z');
    expect(isoNow()).toBe('2026-12-07T15:30:00.123Z');
    now.mockReturnValue(Date.UTC(2026, 11, 7, 15, 30, 0, 124));
    expect(isoNow()).toBe('2026-12-07T15:30:00.124Z');
  });

  it('agrees with new Date().toISOString() on the real clock', () => {
    const before = Date.now();
    const stamped = Date.parse(isoNow());
    expect(stamped).toBeGreaterThanOrEqual(before);
    expect(stamped).toBeLessThanOrEqual(Date.now());
  });
});
