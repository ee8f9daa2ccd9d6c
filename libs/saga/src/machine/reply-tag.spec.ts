import { formatReplyTag, parseReplyTag, ReplyTag } from './reply-tag';

describe('reply tag', () => {
  it.each<ReplyTag>([
    { step: 0, phase: 'action', attempt: 1 },
    { step: 3, phase: 'compensation', attempt: 12 },
    // A compensation resent every 10 ms for a month: still a tag its reply can be matched by.
    { step: 1, phase: 'compensation', attempt: 259_200_000 },
  ])('reads back what it writes: %o', (tag) => {
    expect(parseReplyTag(formatReplyTag(tag))).toEqual(tag);
  });

  it.each(['', '1', '1.x.1', '1.c.', 'a.c.1', '1.c.1.2', '1.c.-1', '1.c.1234567890'])(
    'is not read from %p',
    (text) => {
      expect(parseReplyTag(text)).toBeUndefined();
    },
  );
});
