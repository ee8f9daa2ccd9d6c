import { HEADER } from '../envelope/envelope-headers';
import { deadLetterEntry, originalHeaders } from './dead-letter-entry';

const stored = (body: Buffer) => ({
  storedAt: '2026-01-02T03:04:05.000Z',
  body,
  headers: {
    [HEADER.messageId]: 'm-1',
    [HEADER.type]: 'order.created',
    'rl-h-tenant': 'acme',
    [HEADER.error]: 'BOOM: it failed',
    [HEADER.attempts]: '3',
    [HEADER.deadLetterReason]: 'handler-failed',
    [HEADER.source]: 'order.created',
    [HEADER.deadLetteredAt]: '2026-01-02T03:04:05.000Z',
  },
});

describe('deadLetterEntry', () => {
  it('reads why the letter died from its dead-letter headers and keeps the others as headers', () => {
    expect(deadLetterEntry('id-1', stored(Buffer.from('{"a":1}')))).toEqual({
      id: 'id-1',
      messageId: 'm-1',
      type: 'order.created',
      destination: 'order.created',
      reason: 'handler-failed',
      error: 'BOOM: it failed',
      attempts: 3,
      headers: { [HEADER.messageId]: 'm-1', [HEADER.type]: 'order.created', 'rl-h-tenant': 'acme' },
      payloadPreview: '{"a":1}',
      payloadBytes: 7,
      payloadTruncated: false,
      deadLetteredAt: '2026-01-02T03:04:05.000Z',
    });
  });

  it('previews at most 2 KiB of the payload', () => {
    const entry = deadLetterEntry('id-2', stored(Buffer.alloc(5_000, 'x')));
    expect(entry).toMatchObject({ payloadBytes: 5_000, payloadTruncated: true });
    expect(entry.payloadPreview).toHaveLength(2 * 1024);
  });

  it('says unknown for a letter without dead-letter headers', () => {
    expect(
      deadLetterEntry('id-3', { storedAt: 'x', body: Buffer.alloc(0), headers: {} }),
    ).toMatchObject({ destination: 'unknown', reason: 'unknown', error: '', attempts: 0 });
  });
});

describe('originalHeaders', () => {
  it('drops only the headers a transport adds when it stores a dead letter', () => {
    expect(Object.keys(originalHeaders(stored(Buffer.alloc(0)).headers)).sort()).toEqual(
      [HEADER.messageId, HEADER.type, 'rl-h-tenant'].sort(),
    );
  });
});
