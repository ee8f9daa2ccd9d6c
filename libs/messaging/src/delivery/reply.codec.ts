import { HEADER, WireHeaders } from '../envelope/envelope-headers';
import { decodePayload, encodePayload } from '../envelope/payload.codec';
import { InvalidMessageError } from '../errors/invalid-message.error';
import { ErrorShape } from '../errors/to-error-shape';
import { Reply } from './reply';

export interface WireReply {
  headers: WireHeaders;
  body: Buffer;
}

/** A reply too large to send becomes an error reply, so the caller hears about it at once. */
export function encodeReply(requestId: string, reply: Reply, maxBytes: number): WireReply {
  const headers = (status: 'ok' | 'error') => ({
    [HEADER.requestId]: requestId,
    [HEADER.replyStatus]: status,
  });
  if (reply.ok) {
    try {
      return { headers: headers('ok'), body: encodePayload(reply.body, maxBytes) };
    } catch (error) {
      const shape: ErrorShape = { code: 'REPLY_TOO_LARGE', message: (error as Error).message };
      return { headers: headers('error'), body: encodePayload(shape, maxBytes) };
    }
  }
  return { headers: headers('error'), body: encodePayload(reply.error, maxBytes) };
}

export function decodeReply(
  headers: WireHeaders,
  body: Buffer,
  maxBytes: number,
): { requestId: string; reply: Reply } {
  const requestId = headers[HEADER.requestId];
  const status = headers[HEADER.replyStatus];
  if (!requestId || (status !== 'ok' && status !== 'error')) {
    throw new InvalidMessageError('bad-envelope', 'reply without request id or status');
  }
  const value = decodePayload(body, maxBytes);
  if (status === 'ok') return { requestId, reply: { ok: true, body: value } };
  const error = (value ?? {}) as Partial<ErrorShape>;
  return {
    requestId,
    reply: {
      ok: false,
      error: {
        code: typeof error.code === 'string' ? error.code : 'ERROR',
        message: typeof error.message === 'string' ? error.message : 'remote failure',
        details: error.details,
      },
    },
  };
}
