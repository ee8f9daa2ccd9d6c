import { SAGA_ADMIN_LIMITS, SagaAdminErrors } from '@railyard/contracts';
import { CodedError } from '@railyard/platform';

/** Where a page of sagas ended: the last saga's updated_at and id (the list's order). */
export interface SagaCursor {
  updatedAt: string;
  id: string;
}

/** Opaque to callers, so the order it encodes can change without their noticing. */
export function formatSagaCursor({ updatedAt, id }: SagaCursor): string {
  return Buffer.from(JSON.stringify([updatedAt, id])).toString('base64url');
}

/** The cursor `text` encodes; a 400 (INVALID_SAGA_CURSOR) when it is none this service made. */
export function parseSagaCursor(text: string): SagaCursor {
  const invalid = () =>
    new CodedError(SagaAdminErrors.invalidCursor, 'after: not a cursor this list gave out');
  if (text.length > SAGA_ADMIN_LIMITS.maxCursorLength || !/^[A-Za-z0-9_-]+$/.test(text)) {
    throw invalid();
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const fits = (part: unknown) => typeof part === 'string' && part.length > 0 && part.length <= 64;
  if (!Array.isArray(value) || value.length !== 2 || !value.every(fits)) throw invalid();
  const [updatedAt, id] = value as [string, string];
  return { updatedAt, id };
}
