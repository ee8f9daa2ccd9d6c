import { z } from 'zod';
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

  describe('says what the zod schema it replaced said', () => {
    // The rules as they were written with zod: the hand-written check must agree on every case.
    const zodSchema = z.object({
      [HEADER.messageId]: z.string().uuid(),
      [HEADER.type]: z.string().min(1).max(256),
      [HEADER.aggregateId]: z.string().min(1).max(256),
      [HEADER.correlationId]: z.string().min(1).max(256),
      [HEADER.causationId]: z.string().min(1).max(256).optional(),
      [HEADER.occurredAt]: z.string().datetime(),
      [HEADER.version]: z.coerce.number().int().min(1),
    });
    const zodVerdict = (headers: Record<string, unknown>) => {
      const parsed = zodSchema.safeParse(headers);
      return parsed.success
        ? 'valid'
        : `invalid envelope headers (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`;
    };
    const ourVerdict = (headers: Record<string, unknown>) => {
      try {
        envelopeFromHeaders(headers as Record<string, string>, null);
        return 'valid';
      } catch (error) {
        return (error as Error).message;
      }
    };
    const good = envelopeToHeaders(envelope);
    const variants: Array<[string, unknown]> = [
      [HEADER.messageId, 'nope'],
      [HEADER.messageId, envelope.messageId.toUpperCase()],
      [HEADER.messageId, `${envelope.messageId}0`],
      [HEADER.messageId, undefined],
      [HEADER.messageId, 42],
      [HEADER.type, ''],
      [HEADER.type, 'x'.repeat(256)],
      [HEADER.type, 'x'.repeat(257)],
      [HEADER.type, null],
      [HEADER.aggregateId, ['a']],
      [HEADER.correlationId, undefined],
      [HEADER.causationId, undefined],
      [HEADER.causationId, ''],
      [HEADER.occurredAt, '2026-02-29T10:00:00Z'],
      [HEADER.occurredAt, '2028-02-29T10:00:00Z'],
      [HEADER.occurredAt, '2026-01-01T10:00Z'],
      [HEADER.occurredAt, '2026-01-01T10:00:00.123456Z'],
      [HEADER.occurredAt, '2026-01-01T10:00:00+01:00'],
      [HEADER.occurredAt, '2026-01-01 10:00:00Z'],
      [HEADER.occurredAt, '2026-01-01T24:00:00Z'],
      [HEADER.version, '0'],
      [HEADER.version, '1.5'],
      [HEADER.version, '0.5'],
      [HEADER.version, ''],
      [HEADER.version, 'two'],
      [HEADER.version, undefined],
      [HEADER.version, '1e3'],
      [HEADER.version, 'Infinity'],
    ];
    const shown = (value: unknown) =>
      typeof value === 'string' && value.length > 40 ? `${value.length} characters` : value;
    it.each(variants.map(([name, value]) => [name, shown(value), value]))(
      '%s = %p',
      (name, _shown, value) => {
        const headers: Record<string, unknown> = { ...good, [name as string]: value };
        if (value === undefined) delete headers[name as string];
        expect(ourVerdict(headers)).toBe(zodVerdict(headers));
      },
    );

    it('agrees when several fields are bad at once', () => {
      const headers = { [HEADER.type]: '', [HEADER.version]: '0.5', [HEADER.occurredAt]: 'then' };
      expect(ourVerdict(headers)).toBe(zodVerdict(headers));
    });
  });
});
