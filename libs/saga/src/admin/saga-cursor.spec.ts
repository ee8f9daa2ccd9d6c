import { formatSagaCursor, parseSagaCursor } from './saga-cursor';

describe('saga cursor', () => {
  it('reads back what it writes, whatever the id holds', () => {
    const cursor = { updatedAt: '2026-12-07T03:00:00.000Z', id: 'o-1/ä|"x"' };
    const text = formatSagaCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(parseSagaCursor(text)).toEqual(cursor);
  });

  it.each([
    ['not base64url', 'a b'],
    ['not JSON', Buffer.from('{').toString('base64url')],
    ['not a pair', Buffer.from('["a"]').toString('base64url')],
    ['not strings', Buffer.from('[1, 2]').toString('base64url')],
    ['an empty id', Buffer.from('["2026", ""]').toString('base64url')],
    ['too long', 'a'.repeat(300)],
  ])('refuses %s with INVALID_SAGA_CURSOR', (_, text) => {
    expect(() => parseSagaCursor(text)).toThrow(
      expect.objectContaining({ code: 'INVALID_SAGA_CURSOR' }),
    );
  });
});
