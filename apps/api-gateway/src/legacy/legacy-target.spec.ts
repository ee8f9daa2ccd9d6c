import { BadRequestException } from '@nestjs/common';
import { legacyTarget } from './legacy-target';

const PREFIXES = ['/reports', '/customers/export'];

describe('legacyTarget', () => {
  it.each(['/reports', '/reports/daily?x=1&y=%2F', '/REPORTS/Daily', '/customers/export/a.csv'])(
    'passes %s unchanged',
    (target) => expect(legacyTarget(target, PREFIXES)).toBe(target),
  );

  it.each([
    ['http://127.0.0.1:9/reports/x', 'origin-form'],
    ['//127.0.0.1:9/reports/x', 'origin-form'],
    ['/reports/../admin', 'dot segments'],
    ['/reports/%2e%2E/admin', 'dot segments'],
    ['/reports/.%2e/admin', 'dot segments'],
    ['/reports/./x', 'dot segments'],
    ['/reports/a%2F..%2Fadmin', 'encoded slashes'],
    ['/reports/a%5cb', 'encoded slashes'],
    ['/reports\\..\\admin', 'backslashes'],
    ['/reports/a%00b', 'NUL'],
    ['/reports/a%zzb', 'percent-encoding'],
    ['/reportsx/a', 'not under a legacy route'],
    ['/customers/a', 'not under a legacy route'],
    ['/reports/a\tb', 'control characters'],
  ])('refuses %s (%s)', (target, why) => {
    expect(() => legacyTarget(target, PREFIXES)).toThrow(BadRequestException);
    expect(() => legacyTarget(target, PREFIXES)).toThrow(why);
  });
});
