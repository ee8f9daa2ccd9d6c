import { replyPartitionOf } from './kafka-request.handler';

describe('the reply partition a request names', () => {
  it('is absent for a requester from before shared reply topics, a number otherwise', () => {
    expect(replyPartitionOf(undefined)).toBeUndefined();
    expect(replyPartitionOf('0')).toBe(0);
    expect(replyPartitionOf('999')).toBe(999);
  });

  it.each(['', '-1', '1.5', '1000', 'x', '0x1'])('is unusable for %p', (header) => {
    expect(replyPartitionOf(header)).toBeNaN();
  });
});
