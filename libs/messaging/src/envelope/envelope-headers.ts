import { z } from 'zod';
import { InvalidMessageError } from '../errors/invalid-message.error';
import { Envelope } from './envelope';

/** Broker header names. Free headers keep their own name under the `rl-h-` prefix. */
export const HEADER = {
  messageId: 'rl-message-id',
  type: 'rl-type',
  aggregateId: 'rl-aggregate-id',
  correlationId: 'rl-correlation-id',
  causationId: 'rl-causation-id',
  occurredAt: 'rl-occurred-at',
  version: 'rl-version',
  // Set on dead letters only.
  error: 'rl-error',
  attempts: 'rl-attempts',
  deadLetterReason: 'rl-dead-letter-reason',
  source: 'rl-source',
  // Set on requests and replies only.
  replyTo: 'rl-reply-to',
  requestId: 'rl-request-id',
  replyStatus: 'rl-reply-status',
} as const;

const FREE_HEADER_PREFIX = 'rl-h-';
const MAX_TEXT = 256;

const envelopeHeadersSchema = z.object({
  [HEADER.messageId]: z.string().uuid(),
  [HEADER.type]: z.string().min(1).max(MAX_TEXT),
  [HEADER.aggregateId]: z.string().min(1).max(MAX_TEXT),
  [HEADER.correlationId]: z.string().min(1).max(MAX_TEXT),
  [HEADER.causationId]: z.string().min(1).max(MAX_TEXT).optional(),
  [HEADER.occurredAt]: z.string().datetime(),
  [HEADER.version]: z.coerce.number().int().min(1),
});

export type WireHeaders = Record<string, string>;

export function envelopeToHeaders(envelope: Envelope): WireHeaders {
  const headers: WireHeaders = {
    [HEADER.messageId]: envelope.messageId,
    [HEADER.type]: envelope.type,
    [HEADER.aggregateId]: envelope.aggregateId,
    [HEADER.correlationId]: envelope.correlationId,
    [HEADER.occurredAt]: envelope.occurredAt,
    [HEADER.version]: String(envelope.version),
  };
  if (envelope.causationId) headers[HEADER.causationId] = envelope.causationId;
  for (const [name, value] of Object.entries(envelope.headers)) {
    headers[FREE_HEADER_PREFIX + name] = value;
  }
  return headers;
}

/** Rebuilds an envelope from broker headers; throws InvalidMessageError naming every bad field. */
export function envelopeFromHeaders<T>(headers: WireHeaders, payload: T): Envelope<T> {
  const parsed = envelopeHeadersSchema.safeParse(headers);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new InvalidMessageError('bad-envelope', `invalid envelope headers (${fields})`);
  }
  const h = parsed.data;
  const free: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(FREE_HEADER_PREFIX)) free[name.slice(FREE_HEADER_PREFIX.length)] = value;
  }
  return {
    messageId: h[HEADER.messageId],
    type: h[HEADER.type],
    aggregateId: h[HEADER.aggregateId],
    correlationId: h[HEADER.correlationId],
    causationId: h[HEADER.causationId],
    occurredAt: h[HEADER.occurredAt],
    version: h[HEADER.version],
    headers: free,
    payload,
  };
}
