import { InvalidMessageError } from '../errors/invalid-message.error';
import { createEnvelope } from './envelope';
import { envelopeFromHeaders, envelopeToHeaders, HEADER } from './envelope-headers';

describe('envelope headers', () => {
  const envelope = createEnvelope({
    type: 'order.created',
    payload: { id: 1 },
    aggregateId: 'order-1',
    causedBy: { messageId: 'cause-1', correlationId: 'corr-1' },
    headers: { tenant: 'acme' },
  });

  it('round-trips every field, free headers included', () => {
    const headers = envelopeToHeaders(envelope);
    expect(headers['rl-h-tenant']).toBe('acme');
    expect(envelopeFromHeaders(headers, envelope.payload)).toEqual(envelope);
  });

  it('carries the correlation of the cause and names it as causation', () => {
    expect(envelope.correlationId).toBe('corr-1');
    expect(envelope.causationId).toBe('cause-1');
  });

  it('defaults the aggregate and correlation to the message id', () => {
    const plain = createEnvelope({ type: 't', payload: null });
    expect(plain.aggregateId).toBe(plain.messageId);
    expect(plain.correlationId).toBe(plain.messageId);
  });

  it('names every bad field at once', () => {
    const headers = { ...envelopeToHeaders(envelope), [HEADER.messageId]: 'nope' };
    delete (headers as Record<string, string>)[HEADER.type];
    expect(() => envelopeFromHeaders(headers, null)).toThrow(InvalidMessageError);
    expect(() => envelopeFromHeaders(headers, null)).toThrow(
      /rl-message-id.*rl-type|rl-type.*rl-message-id/,
    );
  });
});
