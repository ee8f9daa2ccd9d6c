import { HEADER, WireHeaders } from '../envelope/envelope-headers';
import { DeadLetterEntry, MAX_PAYLOAD_PREVIEW_BYTES } from './dead-letter-store';

/** The headers a transport adds when it stores a dead letter; a replay leaves them out. */
const DEAD_LETTER_HEADERS: ReadonlySet<string> = new Set([
  HEADER.error,
  HEADER.attempts,
  HEADER.deadLetterReason,
  HEADER.source,
  HEADER.deadLetteredAt,
]);

/** What a stored dead letter says about itself, read from the headers every transport writes. */
export function deadLetterEntry(
  id: string,
  stored: { headers: WireHeaders; body: Buffer; storedAt: string },
): DeadLetterEntry {
  const { headers, body } = stored;
  const text = (name: string): string | undefined => headers[name];
  const preview = body.subarray(0, MAX_PAYLOAD_PREVIEW_BYTES);
  return {
    id,
    messageId: text(HEADER.messageId),
    type: text(HEADER.type),
    destination: text(HEADER.source) ?? 'unknown',
    reason: text(HEADER.deadLetterReason) ?? 'unknown',
    error: text(HEADER.error) ?? '',
    attempts: Number(text(HEADER.attempts) ?? 0) || 0,
    headers: originalHeaders(headers),
    payloadPreview: preview.toString('utf8'),
    payloadBytes: body.length,
    payloadTruncated: body.length > preview.length,
    deadLetteredAt: stored.storedAt,
  };
}

/** The headers the message had before it died: what a replay sends again. */
export function originalHeaders(headers: WireHeaders): WireHeaders {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !DEAD_LETTER_HEADERS.has(name)),
  );
}
