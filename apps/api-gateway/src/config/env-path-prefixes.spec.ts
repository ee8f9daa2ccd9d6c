import { splitPathPrefixes } from './env-path-prefixes';

describe('splitPathPrefixes', () => {
  it('trims entries and trailing slashes and drops empty ones', () => {
    expect(splitPathPrefixes(' /reports, /customers/export/ ,,')).toEqual([
      '/reports',
      '/customers/export',
    ]);
    expect(splitPathPrefixes(undefined)).toEqual([]);
  });
});
